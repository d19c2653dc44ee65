/**
 * A Vite plugin for the renderer build: the entry script (renderer/src/main.tsx) is small and
 * loads the app (renderer/src/boot.tsx) with a dynamic import, after sending the start-up calls.
 * Left alone, the browser would only learn of the app's chunks when that import runs; this adds a
 * `<link rel="preload">` to index.html for the app chunk and every chunk it imports
 * statically, so they download while the entry script runs, as a single bundle's would.
 *
 * It also marks the entry script `async`. A deferred (plain module) script waits for every
 * stylesheet of the page, and the page's stylesheet is Blueprint's 470 KB: the start-up calls went
 * out only once it had arrived and been parsed. Async, the entry runs as soon as its own few KB
 * are here, while the stylesheet is still on its way; painting still waits for the stylesheet,
 * and the entry waits for it before mounting the app (renderer/src/main.tsx).
 */
import type { Plugin } from 'vite';

export function preloadAppChunks(appModuleSuffix = '/renderer/src/boot.tsx'): Plugin {
  let base = '/';
  return {
    name: 'frontdesk:preload-app-chunks',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return undefined;
        const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        // The app module is its chunk's facade, or one module of the first-load chunk
        // (scripts/vite-first-load-chunk.ts).
        const isApp = (id: string | null) => id?.replaceAll('\\', '/').endsWith(appModuleSuffix) ?? false;
        const app = chunks.find((chunk) => isApp(chunk.facadeModuleId) || (chunk.moduleIds ?? []).some(isApp));
        if (!app) throw new Error(`preloadAppChunks: no chunk for ${appModuleSuffix}; was the app's entry renamed?`);
        const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const files: string[] = [];
        const visit = (fileName: string) => {
          const chunk = byName.get(fileName);
          // The entry script is already a <script> of the page.
          if (files.includes(fileName) || chunk?.isEntry) return;
          files.push(fileName);
          for (const dep of chunk?.imports ?? []) visit(dep);
        };
        visit(app.fileName);
        // rel=preload, not modulepreload: modulepreload also compiles each module as it arrives,
        // on the main thread, ahead of the entry script, which then sends its calls late; a plain
        // preload only downloads, and the code is compiled when the entry imports it.
        const tags = files.map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'script', crossorigin: true, href: `${base}${file}` }, injectTo: 'head' as const }));
        return { html: asyncEntry(html, chunks), tags };
      },
    },
  };
}

/** The page's entry `<script type="module">` with `async` added; fails the build if it is not found. */
export function asyncEntry(html: string, chunks: { fileName: string; isEntry: boolean }[]): string {
  const entries = chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName);
  let found = false;
  const out = html.replace(/<script type="module"([^>]*) src="([^"]+)"><\/script>/g, (tag: string, attrs: string, src: string) => {
    if (!entries.some((file) => src.endsWith(file))) return tag;
    found = true;
    return attrs.includes(' async') ? tag : `<script type="module" async${attrs} src="${src}"></script>`;
  });
  if (!found) throw new Error('preloadAppChunks: the entry script tag was not found in index.html; did Vite change how it writes it?');
  return out;
}
