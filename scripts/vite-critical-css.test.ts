import { describe, expect, it } from 'vitest';
import type { IndexHtmlTransformContext, Rolldown } from 'vite';
import { criticalCss, criticalRules, deferStylesheet } from './vite-critical-css';

const CSS = [
  ':root{--gap:4px}',
  '.bp6-navbar{height:50px}',
  '.bp6-dark .bp6-navbar{background:#252a31}',
  'body.bp6-dark{background:#252a31}',
  '.bp6-dialog{width:500px}',
  '.fd-conv-row:hover{opacity:.9}',
  '@media (min-width:800px){.fd-conv-row{padding:8px}.fd-thread{padding:4px}}',
].join('\n');

describe('criticalRules', () => {
  it("keeps the rules the sample uses, dark overrides included, and drops the rest", async () => {
    const rules = await criticalRules(CSS, '<div class="bp6-navbar"></div><div class="fd-conv-row"></div>', 'bp6-dark');
    expect(rules).toContain('--gap:4px');
    expect(rules).toContain('.bp6-navbar{height:50px}');
    expect(rules).toContain('.bp6-dark .bp6-navbar{background:#252a31}');
    expect(rules).toContain('body.bp6-dark{background:#252a31}');
    expect(rules).toContain('.fd-conv-row:hover');
    expect(rules).toMatch(/@media \(min-width:800px\)\{\.fd-conv-row\{padding:8px\}\}/);
    expect(rules).not.toContain('bp6-dialog');
    expect(rules).not.toContain('fd-thread');
  });

  it('fails the build when nothing matches, instead of shipping an unstyled first screen', async () => {
    await expect(criticalRules('.bp6-dialog{width:500px}', '<div class="other"></div>', '')).rejects.toThrow(/selected no rules/);
  });
});

describe('deferStylesheet', () => {
  const page = (link: string) => `<head><script type="module" async crossorigin src="./assets/index.js"></script>${link}<link rel="preload" as="script" href="./assets/app.js"></head>`;

  it("replaces the stylesheet link with the rules inline and a preload in the same request mode", () => {
    const { html, href } = deferStylesheet(page('<link rel="stylesheet" crossorigin href="./assets/index-abc.css">'), '.a{color:red}');
    expect(href).toBe('./assets/index-abc.css');
    expect(html).not.toContain('rel="stylesheet"');
    expect(html).toContain('<style data-first-screen-css>.a{color:red}</style>');
    expect(html).toContain('<link rel="preload" as="style" crossorigin href="./assets/index-abc.css" data-full-stylesheet>');
    // The rules come before the preload, where the stylesheet will be inserted after them.
    expect(html.indexOf('<style')).toBeLessThan(html.indexOf('as="style"'));
  });

  it('keeps a link without crossorigin without it', () => {
    expect(deferStylesheet(page('<link rel="stylesheet" href="/assets/index.css">'), '.a{}').html).toContain('<link rel="preload" as="style" href="/assets/index.css" data-full-stylesheet>');
  });

  it('fails the build when the page has no stylesheet link or more than one', () => {
    expect(() => deferStylesheet(page(''), '.a{}')).toThrow(/found 0/);
    expect(() => deferStylesheet(page('<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/b.css">'), '.a{}')).toThrow(/found 2/);
  });

  it('refuses rules that would end the style element early', () => {
    expect(() => deferStylesheet(page('<link rel="stylesheet" href="/a.css">'), '.a{content:"</style>"}')).toThrow(/<\/style/);
  });
});

describe('criticalCss (the plugin)', () => {
  it("inlines the rules the built stylesheet has for the sample's markup", async () => {
    const plugin = criticalCss({ body: () => '<nav class="bp6-navbar"></nav>', bodyClass: '' });
    const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: IndexHtmlTransformContext) => Promise<string> };
    const bundle = { 'assets/index-abc.css': { type: 'asset', fileName: 'assets/index-abc.css', source: CSS } } as unknown as Rolldown.OutputBundle;
    const html = await hook.handler('<head><link rel="stylesheet" crossorigin href="./assets/index-abc.css"></head>', { path: '/index.html', filename: 'index.html', bundle });
    expect(html).toMatch(/<style data-first-screen-css>[^<]*\.bp6-navbar\{height:50px\}[^<]*<\/style>/);
    expect(html).not.toContain('bp6-dialog');
    expect(html).toContain('href="./assets/index-abc.css" data-full-stylesheet');
  });
});
