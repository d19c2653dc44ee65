import { describe, expect, it } from 'vitest';
import { loadFullStylesheet, type LinkElement, type StylesheetDocument } from './full-stylesheet';

class FakeLink implements LinkElement {
  rel = '';
  href = '';
  crossOrigin: string | null = null;
  inserted: FakeLink[] = [];
  private listeners = new Map<string, (() => void)[]>();
  addEventListener(type: 'load' | 'error', listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  after(node: LinkElement): void {
    this.inserted.push(node as FakeLink);
  }
  fire(type: 'load' | 'error'): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}

class FakeDocument implements StylesheetDocument {
  selectors: string[] = [];
  constructor(readonly preload: FakeLink | null) {}
  querySelector(selector: string): LinkElement | null {
    this.selectors.push(selector);
    return this.preload;
  }
  createElement(): LinkElement {
    return new FakeLink();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function preload(crossOrigin: string | null): FakeLink {
  const link = new FakeLink();
  link.rel = 'preload';
  link.href = 'http://127.0.0.1:5555/assets/index-abc.css';
  link.crossOrigin = crossOrigin;
  return link;
}

describe('loadFullStylesheet', () => {
  it("turns the build's preload into a stylesheet after it, in the same request mode, and resolves once it has loaded", async () => {
    const doc = new FakeDocument(preload('anonymous'));
    let loaded = false;
    void loadFullStylesheet(doc).then(() => (loaded = true));
    expect(doc.selectors).toEqual(['link[rel="preload"][as="style"][data-full-stylesheet]']);
    const [sheet] = doc.preload?.inserted ?? [];
    expect(sheet).toMatchObject({ rel: 'stylesheet', href: 'http://127.0.0.1:5555/assets/index-abc.css', crossOrigin: 'anonymous' });
    await settle();
    expect(loaded).toBe(false);
    sheet?.fire('load');
    await settle();
    expect(loaded).toBe(true);
  });

  it('resolves when the stylesheet fails too, and reports it: the app then mounts unstyled rather than never', async () => {
    const doc = new FakeDocument(preload(null));
    const reported: Error[] = [];
    const done = loadFullStylesheet(doc, (error) => reported.push(error));
    const [sheet] = doc.preload?.inserted ?? [];
    expect(sheet?.crossOrigin).toBeNull();
    expect(reported).toEqual([]);
    sheet?.fire('error');
    await expect(done).resolves.toBeUndefined();
    expect(reported.map((e) => e.message)).toEqual([`The stylesheet ${sheet?.href} could not be loaded; the app is shown without its full styles`]);
  });

  it('inserts the stylesheet once however often it is asked for', () => {
    const doc = new FakeDocument(preload('anonymous'));
    const first = loadFullStylesheet(doc);
    expect(loadFullStylesheet(doc)).toBe(first);
    expect(doc.preload?.inserted).toHaveLength(1);
  });

  it('has nothing to wait for on a page without the preload (the Vite dev server injects the styles)', async () => {
    await expect(loadFullStylesheet(new FakeDocument(null))).resolves.toBeUndefined();
  });
});
