/**
 * scripts/native-abi.mjs, run against a temporary copy of better-sqlite3 (NATIVE_ABI_ROOT), so the
 * binary the rest of the suite loads is only ever read, never replaced. Covers the cache paths:
 * restoring a broken Node binary, the no-op fast path, and switching to a cached Electron build
 * and back, stale cache entries. The build paths (npm rebuild: minutes; @electron/rebuild: needs
 * internet) are never run here: NATIVE_ABI_NO_BUILD=1 makes them fail fast instead.
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
    // Never compile or download here: a missing cache entry must fail fast instead.
    env: { ...process.env, NATIVE_ABI_ROOT: root, NATIVE_ABI_NO_BUILD: '1' },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}`, ms: performance.now() - started };
}

function loadsUnderNode(): boolean {
  const result = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root });
  return result.status === 0;
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const moduleVersion = (JSON.parse(fs.readFileSync(path.join(realModule, 'package.json'), 'utf8')) as { version: string }).version;
const marker = () => JSON.parse(fs.readFileSync(path.join(root, '.native-cache', 'installed.json'), 'utf8')) as { key: string; sha256: string };

function seedElectronCache(build: Buffer, version: string): void {
  const dir = path.join(root, '.native-cache', electronKey);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), build);
  fs.writeFileSync(path.join(dir, 'source.json'), JSON.stringify({ module: 'better-sqlite3', version }));
}

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
    expect(second.ms).toBeLessThan(2500); // ~0.1–0.3 s idle; generous for a loaded CI machine
    expect(marker()).toMatchObject({ key: nodeKey, version: moduleVersion, sha256: sha(goodBinary) });
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
    seedElectronCache(fakeElectronBuild, moduleVersion);

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

  it('discards a cached build of another better-sqlite3 version and leaves the binary alone when it cannot build', () => {
    const before = fs.readFileSync(binary);
    seedElectronCache(Buffer.from('built from an older better-sqlite3'), '0.0.1');
    const result = run('electron');
    expect(result.status).toBe(1);
    expect(result.out).toContain(`discarding the cached ${electronKey} build of better-sqlite3 0.0.1`);
    expect(result.out).toContain('NATIVE_ABI_NO_BUILD=1 forbids building');
    expect(fs.existsSync(path.join(root, '.native-cache', electronKey))).toBe(false);
    expect(fs.readFileSync(binary).equals(before)).toBe(true);
    expect(loadsUnderNode()).toBe(true);
  });

  it('rejects an unknown runtime', () => {
    const result = run('deno');
    expect(result.status).toBe(1);
    expect(result.out).toContain('usage:');
  });
});
