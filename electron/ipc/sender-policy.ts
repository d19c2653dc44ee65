/** Which frames may call main: only the app's own main frame, on an allowed origin. */
export interface SenderInfo {
  transport: 'ipc' | 'http';
  /** URL of the calling frame (IPC) or the request's Origin (HTTP). */
  url: string;
  isMainFrame: boolean;
}

export function senderAllowed(sender: SenderInfo, allowedOrigins: readonly string[]): boolean {
  if (!sender.isMainFrame) return false;
  if (!URL.canParse(sender.url)) return false;
  const parsed = new URL(sender.url);
  // Custom schemes (app://) have an opaque "null" origin in WHATWG URL; use scheme + host.
  const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  return allowedOrigins.includes(origin);
}
