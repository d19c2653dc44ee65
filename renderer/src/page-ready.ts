/**
 * The entry script runs `async` (scripts/vite-preload-app.ts), so it may run before the page's
 * body is parsed or its stylesheet has arrived. The start-up calls need neither; the app does:
 * React needs its root element, and components that measure themselves in a layout effect would
 * measure an unstyled page. This resolves with the root once both are there.
 */

/** The part of a stylesheet `<link>` this needs (`sheet` stays null until the sheet has loaded). */
export interface StylesheetLink {
  readonly sheet: unknown;
  addEventListener(type: 'load' | 'error', listener: () => void, options: { once: true }): void;
}

/** The part of `document` this needs. */
export interface PageDocument<Root> {
  readonly readyState: string;
  addEventListener(type: 'DOMContentLoaded', listener: () => void, options: { once: true }): void;
  querySelectorAll(selector: 'link[rel="stylesheet"]'): Iterable<StylesheetLink>;
  getElementById(id: string): Root | null;
}

export async function pageReady<Root>(doc: PageDocument<Root>, rootId = 'root'): Promise<Root> {
  if (doc.readyState === 'loading') {
    await new Promise<void>((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
  }
  const pending = [...doc.querySelectorAll('link[rel="stylesheet"]')].filter((link) => link.sheet === null);
  // A stylesheet that fails to load leaves the app unstyled but usable: mount anyway.
  await Promise.all(
    pending.map(
      (link) =>
        new Promise<void>((resolve) => {
          link.addEventListener('load', () => resolve(), { once: true });
          link.addEventListener('error', () => resolve(), { once: true });
          if (link.sheet !== null) resolve();
        }),
    ),
  );
  const root = doc.getElementById(rootId);
  if (root === null) throw new Error(`index.html has no #${rootId} element`);
  return root;
}
