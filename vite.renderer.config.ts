/**
 * Standalone Vite build of the renderer (outside electron-vite), used by the browser tests and
 * `npm run dev:web`: `vite build --config vite.renderer.config.ts` writes out/renderer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { criticalCss } from './scripts/vite-critical-css';
import { firstLoadChunk } from './scripts/vite-first-load-chunk';
import { preloadAppChunks } from './scripts/vite-preload-app';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(root, 'renderer'),
  base: './',
  plugins: [react(), firstLoadChunk(), preloadAppChunks(), criticalCss()],
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
});
