/**
 * What happens when the window's page dies or hangs: it is reloaded (logged; the page then shows
 * a toast saying what happened, from the `?recovered=` parameter), and if that happens again
 * within a minute, a plain error page with "Reload" and "Open the logs folder" is shown instead,
 * so a page that crashes on start does not loop forever.
 *
 * A hung page gets a short grace period (it may just be busy), then its renderer is killed and
 * the page reloaded; the kill's own "gone" event is not counted as a second crash.
 */
import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import { originOf } from './origin';

export const RECOVERED_PARAM = 'recovered';
export type RecoveryReason = 'crashed' | 'unresponsive';

/** Links on the error page; main intercepts the navigation instead of loading anything. */
export const ERROR_PAGE_ACTIONS = { reload: '/__frontdesk/reload', openLogs: '/__frontdesk/open-logs' } as const;

const REPEAT_WINDOW_MS = 60_000;
export const UNRESPONSIVE_GRACE_MS = 10_000;

export interface RecoveryOptions {
  /** The app's page, e.g. app://frontdesk/index.html. */
  appUrl: string;
  clock: Clock;
  logger: Logger;
  openLogsFolder(): void;
  /** Timer for the hang grace period (injectable so tests need not wait). */
  after?: (ms: number, fn: () => void) => () => void;
}

/** The app URL with `?recovered=<reason>`, read once by the renderer to show the toast. */
export function recoveryUrl(appUrl: string, reason: RecoveryReason): string {
  const url = new URL(appUrl);
  url.searchParams.set(RECOVERED_PARAM, reason);
  return url.toString();
}

function actionUrl(appUrl: string, path: string): string {
  return new URL(path, appUrl).toString();
}

/** A self-contained page (no script, nothing fetched): it must work when the app's page does not. */
export function errorPageHtml(appUrl: string): string {
  const reload = actionUrl(appUrl, ERROR_PAGE_ACTIONS.reload);
  const logs = actionUrl(appUrl, ERROR_PAGE_ACTIONS.openLogs);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Frontdesk stopped working</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;display:flex;align-items:center;justify-content:center;min-height:100vh;background:#f6f7f9;color:#1c2127}
main{max-width:34rem;padding:2rem;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.3rem;margin-top:0}
a{display:inline-block;margin:.5rem .75rem 0 0;padding:.45rem .9rem;border-radius:4px;text-decoration:none;border:1px solid #abb3bf;color:#1c2127}
a.primary{background:#2d72d2;border-color:#2d72d2;color:#fff}
</style></head>
<body><main>
<h1>Frontdesk stopped working</h1>
<p>The Frontdesk window stopped responding twice within a minute. Reminders and messages keep going in the background; nothing queued is lost.</p>
<p>Try reloading the window. If this keeps happening, send the logs folder to your support contact.</p>
<p><a class="primary" href="${reload}">Reload</a><a href="${logs}">Open the logs folder</a></p>
</main></body></html>`;
}

export function errorPageUrl(appUrl: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(errorPageHtml(appUrl))}`;
}

export function watchRenderer(window: BrowserWindow, options: RecoveryOptions): void {
  const { appUrl, clock, logger } = options;
  const after = options.after ?? ((ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  });
  const contents = window.webContents;
  let lastIncidentAt: number | null = null;
  let killingHungRenderer = false;
  let cancelGrace: (() => void) | null = null;

  const load = (url: string) => {
    contents.loadURL(url).catch((error: unknown) => logger.error('could not load the page after a renderer failure', { error }));
  };

  const recover = (reason: RecoveryReason, detail: Record<string, unknown>) => {
    if (window.isDestroyed()) return;
    const now = clock.now();
    const repeated = lastIncidentAt !== null && now - lastIncidentAt < REPEAT_WINDOW_MS;
    lastIncidentAt = now;
    if (repeated) {
      logger.error('renderer failed again within a minute; showing the error page', { reason, ...detail });
      load(errorPageUrl(appUrl));
      return;
    }
    logger.error('renderer failed; reloading the page', { reason, ...detail });
    load(recoveryUrl(appUrl, reason));
  };

  contents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    if (killingHungRenderer) {
      killingHungRenderer = false;
      return;
    }
    // A clean exit is the window closing or the app quitting, not a failure.
    if (details.reason === 'clean-exit') return;
    recover('crashed', { processGone: details.reason, exitCode: details.exitCode });
  });

  window.on('unresponsive', () => {
    if (cancelGrace) return;
    logger.warn('window unresponsive; waiting before reloading it', { graceMs: UNRESPONSIVE_GRACE_MS });
    cancelGrace = after(UNRESPONSIVE_GRACE_MS, () => {
      cancelGrace = null;
      if (window.isDestroyed()) return;
      killingHungRenderer = true;
      contents.forcefullyCrashRenderer();
      recover('unresponsive', {});
    });
  });
  window.on('responsive', () => {
    if (!cancelGrace) return;
    cancelGrace();
    cancelGrace = null;
    logger.info('window responsive again');
  });

  // The error page's two links.
  contents.on('will-navigate', (event) => {
    if (!URL.canParse(event.url) || originOf(event.url) !== originOf(appUrl)) return;
    const target = new URL(event.url);
    if (target.pathname === ERROR_PAGE_ACTIONS.openLogs) {
      event.preventDefault();
      options.openLogsFolder();
    } else if (target.pathname === ERROR_PAGE_ACTIONS.reload) {
      event.preventDefault();
      logger.info('reload from the error page');
      load(appUrl);
    }
  });
}
