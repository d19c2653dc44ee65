/** Builds the renderer with the standalone Vite config into `outDir` (a child process, production mode). */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function buildRenderer(outDir: string): Promise<void> {
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const args = [vite, 'build', '--config', path.join(REPO_ROOT, 'vite.renderer.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`vite build of the renderer failed: ${error.message}\n${stderr}`));
        return;
      }
      if (!fs.existsSync(path.join(outDir, 'index.html'))) {
        reject(new Error(`vite build wrote no index.html into ${outDir}`));
        return;
      }
      resolve();
    });
  });
}
