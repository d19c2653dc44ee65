/**
 * The page's full stylesheet (Blueprint's and the app's, about 470 KB), which the build turns into
 * a preload so that parsing it does not hold back the inbox's first screen
 * (scripts/vite-critical-css.ts): index.html carries the first screen's rules inline. The entry
 * script starts it as a stylesheet once that screen has painted, or at once when there is none,
 * and mounts the app only once it has loaded, so the app's own UI is never drawn unstyled.
 */
import { FULL_STYLESHEET_ATTRIBUTE } from '../../shared/page-markers';

/** The part of a `<link>` element this needs. */
export interface LinkElement {
  rel: string;
  href: string;
  crossOrigin: string | null;
  addEventListener(type: 'load' | 'error', listener: () => void, options: { once: true }): void;
  after(node: LinkElement): void;
}

/** The part of `document` this needs. */
export interface StylesheetDocument {
  querySelector(selector: string): LinkElement | null;
  createElement(tag: 'link'): LinkElement;
}

const started = new WeakMap<StylesheetDocument, Promise<void>>();

/** The page's own error reporting: an uncaught error in the console, which main writes to its log. */
const reportToPage = (error: Error) => globalThis.reportError(error);

/**
 * Turns the build's preload into the page's stylesheet and resolves once it has loaded. Without
 * the preload (the Vite dev server injects the styles itself) there is nothing to wait for. A
 * stylesheet that fails to load leaves the app unstyled but usable, so that resolves too, after
 * saying so through `report`: an unstyled window with nothing in the log is a mystery.
 */
export function loadFullStylesheet(doc: StylesheetDocument, report: (error: Error) => void = reportToPage): Promise<void> {
  const known = started.get(doc);
  if (known) return known;
  const preload = doc.querySelector(`link[rel="preload"][as="style"][${FULL_STYLESHEET_ATTRIBUTE}]`);
  if (preload === null) return Promise.resolve();
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  // The same request mode as the preload's, or the browser downloads it a second time.
  if (preload.crossOrigin !== null) link.crossOrigin = preload.crossOrigin;
  link.href = preload.href;
  const loaded = new Promise<void>((resolve) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener(
      'error',
      () => {
        report(new Error(`The stylesheet ${link.href} could not be loaded; the app is shown without its full styles`));
        resolve();
      },
      { once: true },
    );
  });
  // After the inline rules: the full stylesheet holds the same rules, so it decides where they differ.
  preload.after(link);
  started.set(doc, loaded);
  return loaded;
}
