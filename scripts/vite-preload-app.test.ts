import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor, IndexHtmlTransformContext, ResolvedConfig, Rolldown } from 'vite';
import { asyncEntry, preloadAppChunks } from './vite-preload-app';

function chunk(fileName: string, imports: string[], extra: Partial<Rolldown.OutputChunk> = {}): Rolldown.OutputChunk {
  return { type: 'chunk', fileName, imports, isEntry: false, facadeModuleId: null, ...extra } as Rolldown.OutputChunk;
}

function run(bundle: Rolldown.OutputBundle, base = './'): HtmlTagDescriptor[] {
  const plugin = preloadAppChunks();
  const configResolved = plugin.configResolved as (config: ResolvedConfig) => void;
  configResolved({ base } as ResolvedConfig);
  const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: IndexHtmlTransformContext) => { html: string; tags: HtmlTagDescriptor[] } };
  const page = '<html><head><script type="module" crossorigin src="./assets/index.js"></script></head></html>';
  const out = hook.handler(page, { path: '/index.html', filename: 'index.html', bundle });
  expect(out.html).toContain('<script type="module" async crossorigin src="./assets/index.js">');
  return out.tags;
}

describe('preloadAppChunks', () => {
  it('preloads the app chunk and every chunk it imports, once each, but not the entry or lazy screens', () => {
    const bundle: Rolldown.OutputBundle = {
      'assets/index.js': chunk('assets/index.js', [], { isEntry: true, facadeModuleId: '/repo/renderer/src/main.tsx' }),
      'assets/boot.js': chunk('assets/boot.js', ['assets/react.js', 'assets/ui.js', 'assets/index.js'], { facadeModuleId: '/repo/renderer/src/boot.tsx' }),
      'assets/react.js': chunk('assets/react.js', []),
      'assets/ui.js': chunk('assets/ui.js', ['assets/react.js']),
      'assets/Settings.js': chunk('assets/Settings.js', ['assets/ui.js']),
    };
    const tags = run(bundle);
    expect(tags.map((t) => t.attrs?.href)).toEqual(['./assets/boot.js', './assets/react.js', './assets/ui.js']);
    expect(tags.every((t) => t.tag === 'link' && t.attrs?.rel === 'preload' && t.attrs.as === 'script' && t.injectTo === 'head')).toBe(true);
  });

  it('finds the app module inside the first-load chunk when it is not a chunk facade', () => {
    const bundle: Rolldown.OutputBundle = {
      'assets/index.js': chunk('assets/index.js', [], { isEntry: true, facadeModuleId: '/repo/renderer/src/main.tsx' }),
      'assets/app.js': chunk('assets/app.js', ['assets/index.js'], { moduleIds: ['/repo/renderer/src/App.tsx', '/repo/renderer/src/boot.tsx'] }),
    };
    expect(run(bundle).map((t) => t.attrs?.href)).toEqual(['./assets/app.js']);
  });

  it('fails the build when the app chunk is missing, instead of silently preloading nothing', () => {
    expect(() => run({ 'assets/index.js': chunk('assets/index.js', [], { isEntry: true }) })).toThrow(/no chunk for/);
  });
});

describe('asyncEntry', () => {
  const chunks = [
    { fileName: 'assets/index-abc.js', isEntry: true },
    { fileName: 'assets/boot-def.js', isEntry: false },
  ];

  it('marks only the entry script async, so it no longer waits for the stylesheet', () => {
    const html = '<head><script type="module" crossorigin src="./assets/index-abc.js"></script><link rel="stylesheet" href="./assets/index.css"><script type="module" src="./assets/boot-def.js"></script></head>';
    expect(asyncEntry(html, chunks)).toBe(
      '<head><script type="module" async crossorigin src="./assets/index-abc.js"></script><link rel="stylesheet" href="./assets/index.css"><script type="module" src="./assets/boot-def.js"></script></head>',
    );
  });

  it('fails the build when it cannot find the entry script, instead of shipping a page that waits for its CSS', () => {
    expect(() => asyncEntry('<head><script src="./assets/index-abc.js"></script></head>', chunks)).toThrow(/entry script tag was not found/);
  });
});
