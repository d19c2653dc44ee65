/**
 * Hardening that applies to every web contents and to the default session (Electron's security
 * checklist): no permissions, no navigation away from the app, no new windows, no <webview>,
 * a CSP header on everything the app loads. Window-level settings (sandbox, context isolation)
 * are in main-window.ts.
 */
import { app, type Session, type WebContents } from 'electron';
import type { Logger } from '../foundation/logger';
import { PRODUCTION_CSP, devServerCsp } from './content-security-policy';
import type { ExternalLinks } from './external-links';
import { originOf } from './origin';

export { originOf };

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
export function guardWebContents(options: { allowedOrigin: string; logger: Logger; links: ExternalLinks }): void {
  const { logger } = options;
  const sameOrigin = (url: string) => originOf(url) === options.allowedOrigin;

  app.on('web-contents-created', (_event, contents: WebContents) => {
    options.links.track(contents);
    contents.on('will-navigate', (event) => {
      if (sameOrigin(event.url)) return;
      event.preventDefault();
      // A plain link to the web, clicked in the app, opens in the browser (if the rules allow).
      if (!options.links.open(contents, event.url)) logger.warn('navigation blocked', { url: event.url });
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
      // No new windows ever; a web link clicked in the app opens in the system browser.
      if (!options.links.open(contents, url)) logger.warn('window.open blocked', { url });
      return { action: 'deny' };
    });
  });
}
