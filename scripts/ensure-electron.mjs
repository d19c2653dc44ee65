#!/usr/bin/env node
/**
 * Runs before `electron-vite dev` in `npm start`. Electron 42 and later no longer download their
 * binary when the package is installed, and electron-vite only reads node_modules/electron/path.txt,
 * so on a fresh clone the first start fetches the binary here with Electron's own installer.
 *
 *  - ELECTRON_EXEC_PATH set: that executable is used (electron-vite honours it); nothing is downloaded.
 *  - Binary present (path.txt and the file it names): nothing to do.
 *  - Otherwise: `node node_modules/electron/install.js` (the package's `install-electron` bin);
 *    if that fails, one clear line says so and the exit code is non-zero.
 *
 * FRONTDESK_ELECTRON_DIR points at another electron package folder (used by the tests).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function say(line) {
  process.stderr.write(`Frontdesk: ${line}\n`);
}

/** The executable named by path.txt, or null when the binary is not (fully) installed. */
function installedBinary(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = path.join(electronDir, 'dist', relative);
  return fs.existsSync(binary) ? binary : null;
}

/** The first line of the installer's error output that says what went wrong. */
function reasonOf(stderr) {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const reason = lines.find((line) => /error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|status/i.test(line)) ?? lines[0];
  return reason ? reason.slice(0, 200) : 'the installer gave no reason';
}

function main() {
  const execPath = process.env.ELECTRON_EXEC_PATH;
  if (execPath) {
    if (!fs.existsSync(execPath)) {
      say(`ELECTRON_EXEC_PATH points at ${execPath}, which does not exist — fix it or unset it to download Electron`);
      return 1;
    }
    return 0;
  }

  const electronDir = process.env.FRONTDESK_ELECTRON_DIR || path.dirname(require.resolve('electron/package.json'));
  if (installedBinary(electronDir)) return 0;

  const { version } = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  say(`downloading the Electron ${version} binary (first start only, about 100 MB)…`);
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  const failed = result.error ? result.error.message : result.status !== 0 ? reasonOf(result.stderr ?? '') : null;
  if (failed === null && installedBinary(electronDir)) return 0;
  say(
    `could not download the Electron binary (offline?): ${failed ?? 'the installer finished but no binary is there'} — connect once, or set ELECTRON_EXEC_PATH`,
  );
  return 1;
}

process.exitCode = main();
