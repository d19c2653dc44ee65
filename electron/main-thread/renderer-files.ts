/**
 * Pure part of the app:// protocol: which file a request URL may read, and its content type.
 * Kept free of `electron` so it can be tested under Node.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'frontdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request URL to a file inside `root`, or null if the URL is not app://frontdesk or
 * points outside `root` (`..`, encoded or not, backslashes, NUL). Paths without a file extension
 * may fall back to index.html (client-side routes).
 */
export function resolveRendererFile(root: string, requestUrl: string): { file: string; spaFallback: boolean } | null {
  if (!URL.canParse(requestUrl)) return null;
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding: refuse, like any other bad path
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${pathname}`);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  if (file === base || pathname.endsWith('/')) return { file: path.join(base, 'index.html'), spaFallback: false };
  return { file, spaFallback: path.extname(file) === '' };
}
