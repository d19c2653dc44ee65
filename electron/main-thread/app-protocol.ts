/**
 * The `app://frontdesk` protocol that serves the built renderer (out/renderer) to the window.
 * A custom standard, secure origin instead of file://: the page gets a real origin that the
 * sender policy can check, file:// keeps no extra privileges, and only files inside the
 * renderer folder can ever be read.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import type { Logger } from '../foundation/logger';
import { PRODUCTION_CSP } from './content-security-policy';
import { APP_SCHEME, contentTypeFor, resolveRendererFile } from './renderer-files';

export { APP_ORIGIN } from './renderer-files';

/**
 * Must run before `app` is ready: gives app:// the privileges of a normal https origin, and
 * V8's code cache, which Chromium keeps only for http(s) unless a scheme asks for it (Electron
 * 28+, standard schemes only): without it every start compiles the app's half megabyte of
 * script again before the first screen.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

function response(status: number, body: string | Buffer | null, contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body === null ? null : new Uint8Array(body instanceof Buffer ? body : Buffer.from(body)), {
    status,
    headers: {
      'content-type': contentType,
      'content-security-policy': PRODUCTION_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
  });
}

async function readIfFile(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? await fs.readFile(file) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Serves `rendererDir` on app://frontdesk. Call once the app is ready. */
export function serveRenderer(rendererDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return response(405, 'method not allowed');
    const target = resolveRendererFile(rendererDir, request.url);
    if (!target) {
      logger.warn('app protocol: refused request', { url: request.url });
      return response(404, 'not found');
    }
    try {
      let body = await readIfFile(target.file);
      let file = target.file;
      if (!body && target.spaFallback) {
        file = path.join(rendererDir, 'index.html');
        body = await readIfFile(file);
      }
      if (!body) return response(404, 'not found');
      return response(200, request.method === 'HEAD' ? null : body, contentTypeFor(file));
    } catch (error) {
      logger.error('app protocol: read failed', { url: request.url, error });
      return response(500, 'internal error');
    }
  });
}
