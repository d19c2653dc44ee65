import { describe, expect, it } from 'vitest';
import { pageReady, type PageDocument, type StylesheetLink } from './page-ready';

type Listener = () => void;

class FakeLink implements StylesheetLink {
  sheet: unknown = null;
  private listeners = new Map<string, Listener[]>();
  addEventListener(type: 'load' | 'error', listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: 'load' | 'error'): void {
    if (type === 'load') this.sheet = {};
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}

class FakeDocument implements PageDocument<string> {
  readyState = 'loading';
  links: FakeLink[] = [];
  root: string | null = null;
  private parsed: Listener[] = [];
  addEventListener(_type: 'DOMContentLoaded', listener: Listener): void {
    this.parsed.push(listener);
  }
  querySelectorAll(): Iterable<StylesheetLink> {
    return this.links;
  }
  getElementById(id: string): string | null {
    return id === 'root' ? this.root : null;
  }
  finishParsing(root: string): void {
    this.readyState = 'interactive';
    this.root = root;
    for (const listener of this.parsed) listener();
  }
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pageReady', () => {
  it('waits for the body to be parsed and for every pending stylesheet before handing out the root', async () => {
    const doc = new FakeDocument();
    const css = new FakeLink();
    const other = new FakeLink();
    doc.links = [css, other];
    let root: string | null = null;
    void pageReady(doc).then((r) => (root = r));
    await settle();
    expect(root).toBeNull();
    doc.finishParsing('the-root');
    css.fire('load');
    await settle();
    expect(root).toBeNull();
    other.fire('load');
    await settle();
    expect(root).toBe('the-root');
  });

  it('does not wait for stylesheets already loaded, and mounts anyway when one fails', async () => {
    const doc = new FakeDocument();
    doc.finishParsing('r');
    const loaded = new FakeLink();
    loaded.sheet = {};
    const failing = new FakeLink();
    doc.links = [loaded, failing];
    const ready = pageReady(doc);
    failing.fire('error');
    await expect(ready).resolves.toBe('r');
  });

  it('fails clearly when the page has no root element', async () => {
    const doc = new FakeDocument();
    doc.readyState = 'complete';
    await expect(pageReady(doc)).rejects.toThrow(/no #root element/);
  });
});
