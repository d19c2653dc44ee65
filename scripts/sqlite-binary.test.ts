/**
 * One SQLite binary for tests and app: better-sqlite3 13 ships prebuilt Node-API binaries, so
 * `npm ci` compiles nothing (no install script, no node-gyp fallback) and the binary that loads
 * under Node is the package's own prebuilt one. (That the same file loads in the stand-in run of
 * the built app is asserted in electron/main-thread/built-app.test.ts.)
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const pkgDir = path.join(repo, 'node_modules', 'better-sqlite3');
const require = createRequire(import.meta.url);

describe('better-sqlite3 binary', () => {
  it('installs without compiling: no install scripts, no node-gyp default, no build/ folder', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string; gypfile?: boolean; scripts?: Record<string, string> };
    expect(pkg.version).toMatch(/^13\./);
    // npm runs `node-gyp rebuild` for a package with binding.gyp unless gypfile is false.
    expect(pkg.gypfile).toBe(false);
    for (const hook of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[hook]).toBeUndefined();
    const lock = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    expect(lock.packages['node_modules/better-sqlite3']?.hasInstallScript).toBeUndefined();
    expect(fs.existsSync(path.join(pkgDir, 'build'))).toBe(false);
    for (const target of ['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64']) {
      expect(fs.existsSync(path.join(pkgDir, 'prebuilds', `${target}.node`)), target).toBe(true);
    }
  });

  it('loads its prebuilt binary under Node and opens a database', () => {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    try {
      expect(db.prepare('select sqlite_version() as v').get()).toMatchObject({ v: expect.stringMatching(/^3\./) });
    } finally {
      db.close();
    }
    const loaded = Object.keys(require.cache).filter((file) => file.endsWith('.node') && file.includes('better-sqlite3'));
    expect(loaded).toEqual([path.join(pkgDir, 'prebuilds', `${process.platform}-${process.arch}.node`)]);
  });
});
