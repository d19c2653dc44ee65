/**
 * The HTTP side of the dev transport: a 127.0.0.1 listener with a random token, contract calls
 * over POST, push events over server-sent events, and the built renderer as static files. It
 * serves whatever core it is given: the in-process one (tests that seed through services) or the
 * worker-thread host (`npm run dev:web`, as the app runs it).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../foundation/logger';
import type { EventListener } from '../foundation/event-bus';
import type { EventName } from '../../shared/contract';
import type { CallRegistry } from '../ipc/registry';
import { HTTP_CALL_PATH, HTTP_EVENTS_PATH, HTTP_SESSION_HEADER } from '../../shared/contract/bridge';
import { fail } from '../../shared/ipc/result';

export interface DevListener {
  server: http.Server;
  port: number;
  origin: string;
  token: string;
}

/** What the transport needs of a core. */
export interface ServedCore {
  registry: CallRegistry;
  subscribe(listener: EventListener): () => void;
  /** Whether a push event may go to that session now (patient data stops while it is locked). */
  eventAllowed(sessionKey: string, name: EventName): boolean;
}

const MAX_BODY = 64 * 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function serveStatic(rendererDir: string, pathname: string, res: http.ServerResponse): void {
  const root = path.resolve(rendererDir);
  let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
  if (!file.startsWith(root + path.sep) && file !== root) {
    res.writeHead(403).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404).end('renderer not built');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
  });
  fs.createReadStream(file).pipe(res);
}

export async function listenDev(port = 0): Promise<DevListener> {
  const token = randomBytes(24).toString('hex');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return { server, port: address.port, origin: `http://127.0.0.1:${address.port}`, token };
}

/** Serves `core` on the listener; the returned function stops serving (the core is the caller's). */
export function serveDev(listener: DevListener, core: ServedCore, options: { rendererDir?: string; logger: Logger }): () => Promise<void> {
  const { server, port, origin, token } = listener;
  const { logger } = options;
  // Each event stream belongs to one client session (the page's ?session=), so events that
  // carry patient data stop for that client while its session is locked or signed out.
  const streams = new Map<http.ServerResponse, string>();
  const unsubscribe = core.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const [res, sessionKey] of streams) if (core.eventAllowed(sessionKey, name)) res.write(frame);
  });
  const sessionKeyOf = (clientId: string | null | undefined) => `http:${clientId || 'default'}`;

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    // Only our own host name: a DNS-rebinding page on another name gets nothing.
    if (req.headers.host !== `127.0.0.1:${port}`) {
      res.writeHead(421).end();
      return;
    }
    if (url.pathname.startsWith(HTTP_CALL_PATH) && req.method === 'POST') {
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!tokenMatches(bearer, token)) {
        sendJson(res, 401, fail('forbidden_sender', 'Missing or wrong token'));
        return;
      }
      const name = decodeURIComponent(url.pathname.slice(HTTP_CALL_PATH.length));
      const header = req.headers[HTTP_SESSION_HEADER];
      const sessionKey = sessionKeyOf(typeof header === 'string' ? header : undefined);
      readBody(req)
        .then(async (body) => {
          let input: unknown;
          try {
            input = body === '' ? {} : (JSON.parse(body) as unknown);
          } catch {
            sendJson(res, 400, fail('validation', 'The request body is not valid JSON'));
            return;
          }
          const sender = { transport: 'http' as const, url: req.headers.origin ?? origin, isMainFrame: true };
          sendJson(res, 200, await core.registry.invoke(name, input, { sessionKey, sender }));
        })
        .catch((error: unknown) => {
          logger.error('dev transport request failed', { error });
          if (!res.headersSent) sendJson(res, 500, fail('internal', 'The request could not be read'));
        });
      return;
    }
    if (url.pathname === HTTP_EVENTS_PATH && req.method === 'GET') {
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.set(res, sessionKeyOf(url.searchParams.get('session')));
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'GET' && options.rendererDir) {
      serveStatic(options.rendererDir, url.pathname, res);
      return;
    }
    res.writeHead(404).end();
  });

  return async () => {
    unsubscribe();
    for (const res of streams.keys()) res.end();
    streams.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
}
