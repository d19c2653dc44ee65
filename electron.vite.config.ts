/**
 * Build of the three Electron targets (`npm start` = dev server + Electron, `npm run build` = out/):
 *  - main:     electron/main-thread/main.ts → out/main/index.js (ESM; package.json "main" points here),
 *              the core's worker thread, electron/core-thread/worker-entry.ts → out/main/core-worker.js,
 *              and the Twilio provider's thread, electron/providers/provider-thread.ts → out/main/provider-thread.js.
 *              Dependencies stay external and are loaded from node_modules at run time, which
 *              keeps better-sqlite3's native binary (and the other Node-only packages) out of the
 *              bundle; only BUNDLED_DEPENDENCIES (pure ESM, costly to load file by file) are bundled.
 *  - preload:  electron/main-thread/preload.ts → out/preload/index.cjs. Sandboxed preloads cannot be ESM
 *              and cannot require packages, so it is CommonJS with every dependency (zod, the
 *              contract) bundled in.
 *  - renderer: renderer/index.html → out/renderer, served to the window over app://frontdesk.
 */
import path from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { criticalCss } from './scripts/vite-critical-css';
import { firstLoadChunk } from './scripts/vite-first-load-chunk';
import { preloadAppChunks } from './scripts/vite-preload-app';

const root = import.meta.dirname;

/**
 * Dependencies bundled into main's and the core worker's files instead of loaded from
 * node_modules at run time. drizzle-orm's entry re-exports a few hundred modules and zod's a few
 * dozen; resolving and compiling them file by file was about half of the core's start-up, and
 * bundled (tree-shaken) the worker is ready in about half the time with ~17 MB less resident
 * (bench/startup.bench.ts). Both are plain ESM with no native parts; everything else stays external.
 */
export const BUNDLED_DEPENDENCIES = ['drizzle-orm', 'zod'];

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out/main'),
      externalizeDeps: { exclude: BUNDLED_DEPENDENCIES },
      rolldownOptions: {
        input: {
          index: path.join(root, 'electron/main-thread/main.ts'),
          'core-worker': path.join(root, 'electron/core-thread/worker-entry.ts'),
          'provider-thread': path.join(root, 'electron/providers/provider-thread.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(root, 'electron/main-thread/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: path.join(root, 'renderer'),
    // Absolute asset URLs, so a reload on a client-side route (app://frontdesk/patients/12, which
    // the protocol answers with index.html) still finds /assets/*. electron-vite forces './' for
    // file:// loading in production; the window loads app://frontdesk/, so undo that afterwards.
    plugins: [react(), firstLoadChunk(), preloadAppChunks(), criticalCss(), { name: 'frontdesk:absolute-base', enforce: 'post', config: () => ({ base: '/' }) }],
    build: {
      outDir: path.join(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default: the packaged app then compiled a
      // 1.2 MB app chunk and a 46 KB entry where the browser build (which the e2e tests run) has
      // 534 KB and 26 KB, on every start without a code cache (the first, and after each update).
      minify: true,
      rolldownOptions: {
        input: { index: path.join(root, 'renderer/index.html') },
      },
    },
  },
});
