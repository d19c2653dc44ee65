/**
 * The HTTP dev transport: the same call registry served on 127.0.0.1 with a random token (calls
 * over HTTP, push events over server-sent events), plus the built renderer as static files.
 * It is for UI tests and development without Electron; the packaged app never starts it.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createCore, type Core } from '../core/create-core';
import { systemClock, type Clock } from '../core/clock';
import { createLogger, streamSink, type Logger } from '../core/logger';
import { FileSecretStore, JsonFileSettingsStore } from '../core/file-stores';
import { silentNotifier, type UpdatesPort } from '../core/ports';
import { HTTP_CALL_PATH, HTTP_EVENTS_PATH, HTTP_SESSION_HEADER } from '../../shared/ipc/bridge';
import { fail } from '../../shared/ipc/result';

export interface DevServerOptions {
  dataDir: string;
  migrationsFolder: string;
  /** Built renderer (index.html and assets); omit to serve the API only. */
  rendererDir?: string;
  port?: number;
  clock?: Clock;
  logger?: Logger;
  /** App updates as the shell would provide them (browser tests of the update banner). */
  updates?: UpdatesPort;
}

export interface DevServer {
  /** Page URL including `?token=`. */
  url: string;
  origin: string;
  token: string;
  core: Core;
  close(): Promise<void>;
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

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(streamSink((line) => process.stderr.write(line)), { level: 'warn' });
  const token = randomBytes(24).toString('hex');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const core = createCore({
    dataDir: options.dataDir,
    migrationsFolder: options.migrationsFolder,
    clock,
    logger,
    secrets: new FileSecretStore(path.join(options.dataDir, 'secrets.dev.json')),
    settings: new JsonFileSettingsStore(path.join(options.dataDir, 'settings.json')),
    notifier: silentNotifier,
    allowedOrigins: [origin],
    updates: options.updates,
  });
  const streams = new Set<http.ServerResponse>();
  const unsubscribe = core.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  });

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
      const sessionKey = `http:${String(req.headers[HTTP_SESSION_HEADER] ?? 'default')}`;
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
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'GET' && options.rendererDir) {
      serveStatic(options.rendererDir, url.pathname, res);
      return;
    }
    res.writeHead(404).end();
  });

  core.start();
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    core,
    close: async () => {
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await core.close();
    },
  };
}
