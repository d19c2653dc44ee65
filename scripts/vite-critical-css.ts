/**
 * A Vite plugin for the renderer build: the page's stylesheet (Blueprint's and the app's, about
 * 470 KB) no longer blocks the first screen the entry script paints (renderer/src/shell/first-paint).
 *
 *  - The rules the first screen uses go inline into index.html as a `<style>` (about 45 KB). They
 *    are selected by Beasties (the maintained fork of Google's Critters, which Angular and Nuxt use
 *    for the same job) by matching the built stylesheet against a sample of the first screen's
 *    markup with every kind of part it can draw, in the dark theme (whose rules are Blueprint's
 *    `.bp6-dark …` overrides on top of the light ones, so both match).
 *  - The stylesheet's `<link rel="stylesheet">` becomes a `<link rel="preload" as="style">`: it
 *    downloads at once but is neither parsed nor render-blocking. The entry script turns it into a
 *    stylesheet after the first screen has painted, or at once when it paints none, and the app
 *    mounts only once it has loaded (renderer/src/full-stylesheet.ts): the app's own UI is never
 *    drawn unstyled.
 *
 * The CSP needs no change: `style-src` already allows inline styles (Blueprint sets them).
 */
import path from 'node:path';
import Beasties from 'beasties';
import { runnerImport, type Plugin } from 'vite';
import { FIRST_SCREEN_STYLE_ATTRIBUTE, FULL_STYLESHEET_ATTRIBUTE } from '../shared/page-markers';

/** The markup to select the rules with, and the body's classes around it. */
export interface FirstScreenSample {
  body(): string;
  bodyClass: string;
}

/**
 * The first screen with every part it can draw (renderer/src/shell/first-paint/sample.ts), in the
 * dark theme (Blueprint's dark class on the body). Loaded through Vite's module runner: it is
 * renderer code (TypeScript, extensionless imports), outside the Node project these scripts are
 * type-checked in.
 */
async function rendererSample(rendererRoot: string): Promise<FirstScreenSample> {
  const file = path.join(rendererRoot, 'src/shell/first-paint/sample.ts');
  const { module } = await runnerImport<{ sampleFirstScreenHtml: () => string }>(file, { configFile: false, logLevel: 'error' });
  return { body: module.sampleFirstScreenHtml, bodyClass: 'bp6-dark' };
}

/** The rules of `css` that the sample document uses (Beasties' selection, `@font-face` and all). */
export async function criticalRules(css: string, sampleBody: string, bodyClass: string): Promise<string> {
  const href = '/full.css';
  class FromMemory extends Beasties {
    override readFile(): string {
      return css;
    }
  }
  const beasties = new FromMemory({ path: '/', preload: 'body', pruneSource: false, mergeStylesheets: true, compress: true, reduceInlineStyles: false, logLevel: 'warn' });
  const html = `<!doctype html><html><head><link rel="stylesheet" href="${href}"></head><body class="${bodyClass}"><div id="root">${sampleBody}</div></body></html>`;
  const out = await beasties.process(html);
  const style = /<style>([\s\S]*?)<\/style>/.exec(out)?.[1];
  if (style === undefined || style.length === 0) throw new Error('criticalCss: Beasties selected no rules for the first screen; did its markup or the stylesheet change shape?');
  return style;
}

/**
 * Replaces the page's one stylesheet link with the first screen's rules inline and a preload of
 * the stylesheet; fails the build when the link is not found (Vite changed how it writes it).
 */
export function deferStylesheet(html: string, rules: string): { html: string; href: string } {
  const links = [...html.matchAll(/<link rel="stylesheet"( crossorigin)? href="([^"]+\.css)">/g)];
  const link = links[0];
  if (links.length !== 1 || !link) throw new Error(`criticalCss: expected one stylesheet link in index.html, found ${links.length}`);
  const [tag, crossorigin = '', href = ''] = link;
  if (rules.includes('</style')) throw new Error('criticalCss: the first screen rules contain "</style"');
  const replacement = `<style ${FIRST_SCREEN_STYLE_ATTRIBUTE}>${rules}</style>\n    <link rel="preload" as="style"${crossorigin} href="${href}" ${FULL_STYLESHEET_ATTRIBUTE}>`;
  return { html: html.replace(tag, replacement), href };
}

export function criticalCss(given?: FirstScreenSample): Plugin {
  let rendererRoot = '';
  return {
    name: 'frontdesk:critical-css',
    apply: 'build',
    configResolved(config) {
      rendererRoot = config.root;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return undefined;
        const href = /<link rel="stylesheet"(?: crossorigin)? href="([^"]+\.css)">/.exec(html)?.[1];
        if (!href) throw new Error('criticalCss: index.html has no stylesheet link');
        const asset = Object.values(bundle).find((output) => output.type === 'asset' && href.endsWith(output.fileName));
        if (!asset || asset.type !== 'asset') throw new Error(`criticalCss: ${href} is not in the bundle`);
        const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
        const sample = given ?? (await rendererSample(rendererRoot));
        return deferStylesheet(html, await criticalRules(css, sample.body(), sample.bodyClass)).html;
      },
    },
  };
}
