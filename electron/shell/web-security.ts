/**
 * Hardening that applies to every web contents and to the default session (Electron's security
 * checklist): no permissions, no navigation away from the app, no new windows, no <webview>,
 * a CSP header on everything the app loads. Window-level settings (sandbox, context isolation)
 * are in main-window.ts.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/logger';
import { PRODUCTION_CSP, devServerCsp } from './content-security-policy';

/** Origin of a URL, treating custom schemes (app://frontdesk) the way the sender policy does. */
export function originOf(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
}

function isWebLink(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'https:' || protocol === 'http:';
}

/** Session-wide rules: deny every permission, and put the CSP on every page the app loads. */
export function hardenSession(session: Session, options: { appOrigin: string; devOrigin: string | null; logger: Logger }): void {
  const { appOrigin, devOrigin, logger } = options;
  session.setPermissionRequestHandler((contents, permission, callback) => {
    logger.warn('permission request denied', { permission, url: contents.getURL() });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = originOf(details.url);
    const csp = origin === appOrigin ? PRODUCTION_CSP : devOrigin !== null && origin === devOrigin ? devServerCsp(devOrigin) : null;
    if (csp === null) {
      callback({});
      return;
    }
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

/** Per-contents rules, applied to every web contents the app ever creates. */
export function guardWebContents(options: { allowedOrigin: string; logger: Logger }): void {
  const { logger } = options;
  const sameOrigin = (url: string) => originOf(url) === options.allowedOrigin;

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => {
      if (sameOrigin(event.url)) return;
      event.preventDefault();
      logger.warn('navigation blocked', { url: event.url });
    });
    contents.on('will-redirect', (event) => {
      if (sameOrigin(event.url)) return;
      event.preventDefault();
      logger.warn('redirect blocked', { url: event.url });
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      logger.warn('webview blocked');
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isWebLink(url)) {
        // Links to the web (a provider's console, help pages) open in the system browser.
        shell.openExternal(url).catch((error: unknown) => logger.error('openExternal failed', { url, error }));
      } else {
        logger.warn('window.open blocked', { url });
      }
      return { action: 'deny' };
    });
  });
}
