/**
 * The renderer's Content-Security-Policy. Production is strict: only the app's own origin, no
 * inline or eval'd script, no plugins, no framing. The dev server (electron-vite + React fast
 * refresh) needs an inline preamble script and a websocket back to Vite, and nothing more.
 */
const shared = [
  "default-src 'self'",
  // Blueprint positions popovers and tooltips with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'self'",
];

export const PRODUCTION_CSP = [...shared, "script-src 'self'", "connect-src 'self'"].join('; ');

export function devServerCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return [...shared, "script-src 'self' 'unsafe-inline'", `connect-src 'self' ${ws}`].join('; ');
}
