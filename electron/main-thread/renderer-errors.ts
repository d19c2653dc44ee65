/**
 * The window's own errors in main's log. An uncaught exception or rejected promise in the page,
 * and anything the page reports with `reportError` or `console.error`, otherwise lives only in a
 * DevTools console that the packaged app does not open: when a receptionist says "the screen
 * went blank", the log file is all there is to read. Warnings and info stay in the page.
 *
 * The text is cut short: an error's message is ours, but a runaway one (a stack of thousands of
 * frames, a whole response body) must not flood the log, and a line is enough to find the code.
 */
import type { WebContents } from 'electron';
import type { Logger } from '../foundation/logger';

export const MAX_LOGGED_MESSAGE = 2_000;

/** What this reads of a console message (Electron's WebContentsConsoleMessageEventParams). */
export interface ConsoleMessage {
  level: 'info' | 'warning' | 'error' | 'debug';
  message: string;
  lineNumber: number;
  sourceId: string;
}

export function logRendererErrors(contents: Pick<WebContents, 'on'>, logger: Logger): void {
  contents.on('console-message', (event: ConsoleMessage) => {
    if (event.level !== 'error') return;
    const message = event.message.length > MAX_LOGGED_MESSAGE ? `${event.message.slice(0, MAX_LOGGED_MESSAGE)}…` : event.message;
    logger.error('error in the window', { message, source: event.sourceId, line: event.lineNumber });
  });
}
