/**
 * The downloads the build holds back until the entry script has sent the start-up calls: the
 * app's chunks (about 540 KB, scripts/vite-preload-app.ts) and the full stylesheet (about 470 KB,
 * scripts/vite-critical-css.ts). Served together with the entry script, they delayed it and then
 * the calls' answers (the HTTP dev server, like the packaged app's protocol handler in main, serves
 * files on the same event loop that passes the calls on); the first screen needs neither, and the
 * app needs them only after it. Each is written as a preload with a media query that never matches,
 * which the browser does not fetch; this adds the same preload without it.
 */
import { AFTER_CALLS_ATTRIBUTE } from '../../shared/page-markers';

/** The part of a `<link>` element this needs. */
export interface HeldLink {
  rel: string;
  as: string;
  href: string;
  crossOrigin: string | null;
  after(node: HeldLink): void;
}

/** The part of `document` this needs. */
export interface HeldDocument {
  querySelectorAll(selector: string): Iterable<HeldLink>;
  createElement(tag: 'link'): HeldLink;
}

/** Starts every held download; returns how many. Without held links (the Vite dev server) it does nothing. */
export function startHeldDownloads(doc: HeldDocument): number {
  let started = 0;
  for (const held of doc.querySelectorAll(`link[rel="preload"][${AFTER_CALLS_ATTRIBUTE}]`)) {
    const link = doc.createElement('link');
    link.rel = 'preload';
    link.as = held.as;
    // The same request mode as the request that will use it, or the browser downloads it again.
    if (held.crossOrigin !== null) link.crossOrigin = held.crossOrigin;
    link.href = held.href;
    held.after(link);
    started += 1;
  }
  return started;
}
