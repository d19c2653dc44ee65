/**
 * scripts/native-abi.mjs, run against a temporary copy of better-sqlite3 (NATIVE_ABI_ROOT), so the
 * binary the rest of the suite loads is only ever read, never replaced. Covers the cache paths:
 * restoring a broken Node binary, the no-op fast path, and switching to a cached Electron build
 * and back. The rebuild paths (npm rebuild: minutes; @electron/rebuild: needs internet) are not
 * run here.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const script = path.join(repo, 'scripts', 'native-abi.mjs');
const realModule = path.join(repo, 'node_modules', 'better-sqlite3');
const nodeKey = `node-${process.versions.modules}`;
const electronAbi = fs.readFileSync(path.join(repo, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
const electronKey = `electron-${electronAbi}`;

let root: string;
let binary: string;
let goodBinary: Buffer;

function run(mode: string): { status: number | null; out: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [script, mode], {
    encoding: 'utf8',
    env: { ...process.env, NATIVE_ABI_ROOT: root },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}`, ms: performance.now() - started };
}

function loadsUnderNode(): boolean {
  const result = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root });
  return result.status === 0;
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const marker = () => JSON.parse(fs.readFileSync(path.join(root, '.native-cache', 'installed.json'), 'utf8')) as { key: string; sha256: string };

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'native-abi-'));
  const modules = path.join(root, 'node_modules');
  const copy = path.join(modules, 'better-sqlite3');
  fs.mkdirSync(path.join(copy, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(path.join(realModule, 'package.json'), path.join(copy, 'package.json'));
  fs.cpSync(path.join(realModule, 'lib'), path.join(copy, 'lib'), { recursive: true });
  goodBinary = fs.readFileSync(path.join(realModule, 'build', 'Release', 'better_sqlite3.node'));
  binary = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
  fs.writeFileSync(binary, goodBinary);
  for (const dep of ['bindings', 'file-uri-to-path']) fs.symlinkSync(path.join(repo, 'node_modules', dep), path.join(modules, dep), 'junction');
  const electron = path.join(modules, 'electron');
  fs.mkdirSync(electron);
  for (const file of ['package.json', 'abi_version']) fs.copyFileSync(path.join(repo, 'node_modules', 'electron', file), path.join(electron, file));
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('native-abi', () => {
  it('caches a working Node binary, then does nothing quickly', () => {
    const first = run('node');
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain('cached it');
    expect(fs.existsSync(path.join(root, '.native-cache', nodeKey, 'better_sqlite3.node'))).toBe(true);

    const second = run('node');
    expect(second.status, second.out).toBe(0);
    expect(second.out).toContain('nothing to do');
    expect(second.ms).toBeLessThan(1000);
    expect(marker()).toMatchObject({ key: nodeKey, sha256: sha(goodBinary) });
  });

  it('restores a broken Node binary from the cache', () => {
    fs.writeFileSync(binary, 'not a shared object');
    expect(loadsUnderNode()).toBe(false);
    const result = run('node');
    expect(result.status, result.out).toBe(0);
    expect(result.out).toContain('restored the Node build');
    expect(loadsUnderNode()).toBe(true);
  });

  it('switches to a cached Electron build and back without rebuilding', () => {
    const fakeElectronBuild = Buffer.from('pretend this is better_sqlite3.node built for Electron');
    fs.mkdirSync(path.join(root, '.native-cache', electronKey), { recursive: true });
    fs.writeFileSync(path.join(root, '.native-cache', electronKey, 'better_sqlite3.node'), fakeElectronBuild);

    const toElectron = run('electron');
    expect(toElectron.status, toElectron.out).toBe(0);
    expect(toElectron.out).toContain(`(${electronKey}) from .native-cache`);
    expect(fs.readFileSync(binary).equals(fakeElectronBuild)).toBe(true);
    expect(marker().key).toBe(electronKey);
    expect(run('electron').out).toContain('nothing to do');

    const back = run('node');
    expect(back.status, back.out).toBe(0);
    expect(back.out).toContain('restored the Node build');
    expect(loadsUnderNode()).toBe(true);
    expect(marker().key).toBe(nodeKey);
  });

  it('rejects an unknown runtime', () => {
    const result = run('deno');
    expect(result.status).toBe(1);
    expect(result.out).toContain('usage:');
  });
});
