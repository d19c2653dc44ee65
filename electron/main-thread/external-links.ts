/**
 * Opening web links (a provider's console, help pages) in the system browser, and nothing else:
 * only `https:` links, only asked for by the app's own page, and only right after a real click,
 * tap or Enter in that page. Main sees the input through `input-event` (it comes from the
 * browser process, so page script cannot fake it), which keeps a compromised or confused page
 * from sending the workstation's browser anywhere by itself. Everything refused is logged.
 */
import { shell, type InputEvent, type WebContents } from 'electron';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import { originOf } from './origin';

/** How soon after the click the page must ask (window.open runs in the click handler). */
export const GESTURE_WINDOW_MS = 1_500;

const POINTER_GESTURES = new Set<InputEvent['type']>(['mouseDown', 'mouseUp', 'gestureTap', 'touchEnd']);
const ACTIVATION_KEYS = new Set(['Enter', 'Return', 'Space', ' ']);

function isActivation(input: InputEvent): boolean {
  if (POINTER_GESTURES.has(input.type)) return true;
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const keyCode = (input as InputEvent & { keyCode?: unknown }).keyCode;
  return typeof keyCode === 'string' && ACTIVATION_KEYS.has(keyCode);
}

/** Why a URL may not be opened outside the app, or null when it may. */
export function externalUrlProblem(url: string): string | null {
  if (!URL.canParse(url)) return 'not a URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return `only https links open outside Frontdesk (got ${parsed.protocol})`;
  if (parsed.username || parsed.password) return 'links with a user name or password are not opened';
  if (!parsed.hostname) return 'no host';
  return null;
}

type Contents = Pick<WebContents, 'id' | 'getURL' | 'on'>;

export class ExternalLinks {
  private readonly lastGestureAt = new Map<number, number>();
  private readonly openExternal: (url: string) => Promise<void>;

  constructor(
    private readonly options: { allowedOrigin: string; clock: Clock; logger: Logger; openExternal?: (url: string) => Promise<void> },
  ) {
    this.openExternal = options.openExternal ?? ((url) => shell.openExternal(url));
  }

  /** Watches a web contents' real input, to know when its page was just clicked. */
  track(contents: Contents): void {
    contents.on('input-event', (_event, input: InputEvent) => {
      if (isActivation(input)) this.lastGestureAt.set(contents.id, this.options.clock.now());
    });
    contents.on('destroyed', () => this.lastGestureAt.delete(contents.id));
  }

  /** Opens the link in the system browser if every rule allows it; returns whether it did. */
  open(contents: Contents, url: string): boolean {
    const { logger, clock, allowedOrigin } = this.options;
    const problem = externalUrlProblem(url);
    if (problem) {
      logger.warn('external link refused', { url, reason: problem });
      return false;
    }
    if (originOf(contents.getURL()) !== allowedOrigin) {
      logger.warn('external link refused', { url, reason: 'not asked for by the app page', page: contents.getURL() });
      return false;
    }
    const gestureAt = this.lastGestureAt.get(contents.id);
    if (gestureAt === undefined || clock.now() - gestureAt > GESTURE_WINDOW_MS) {
      logger.warn('external link refused', { url, reason: 'not right after a click in the app' });
      return false;
    }
    // One click opens one link.
    this.lastGestureAt.delete(contents.id);
    this.openExternal(url).catch((error: unknown) => logger.error('openExternal failed', { url, error }));
    return true;
  }
}
