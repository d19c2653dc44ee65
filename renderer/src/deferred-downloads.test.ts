import { describe, expect, it } from 'vitest';
import { startHeldDownloads, type HeldDocument, type HeldLink } from './deferred-downloads';

class FakeLink implements HeldLink {
  rel = '';
  as = '';
  href = '';
  crossOrigin: string | null = null;
  media = '';
  next: FakeLink[] = [];
  after(node: HeldLink): void {
    this.next.push(node as FakeLink);
  }
}

function held(as: string, href: string, crossOrigin: string | null): FakeLink {
  return Object.assign(new FakeLink(), { rel: 'preload', as, href, crossOrigin, media: 'not all' });
}

class FakeDocument implements HeldDocument {
  selector = '';
  constructor(readonly links: FakeLink[]) {}
  querySelectorAll(selector: string): Iterable<HeldLink> {
    this.selector = selector;
    return this.links;
  }
  createElement(): HeldLink {
    return new FakeLink();
  }
}

describe('startHeldDownloads', () => {
  it('adds, beside each held preload, the same preload without the media query that holds it', () => {
    const script = held('script', 'http://127.0.0.1:1/assets/app-1.js', 'anonymous');
    const style = held('style', 'http://127.0.0.1:1/assets/index-1.css', null);
    const doc = new FakeDocument([script, style]);
    expect(startHeldDownloads(doc)).toBe(2);
    expect(doc.selector).toBe('link[rel="preload"][data-after-calls]');
    expect(script.next).toEqual([Object.assign(new FakeLink(), { rel: 'preload', as: 'script', href: script.href, crossOrigin: 'anonymous' })]);
    expect(style.next).toEqual([Object.assign(new FakeLink(), { rel: 'preload', as: 'style', href: style.href, crossOrigin: null })]);
    expect(script.next[0]?.media).toBe('');
  });

  it('does nothing on a page without held preloads (the Vite dev server)', () => {
    expect(startHeldDownloads(new FakeDocument([]))).toBe(0);
  });
});
