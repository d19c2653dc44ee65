/**
 * The `npm start` pre-step (scripts/ensure-electron.mjs) run as `npm start` runs it, against a
 * fake electron package whose install.js stands in for Electron's installer: it either "downloads"
 * (writes path.txt and the binary) or fails the way @electron/get does when offline. Nothing here
 * reaches the network.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'ensure-electron.mjs');
let tmp: string;
let electronDir: string;

const INSTALLERS = {
  succeeds: `
    const fs = require('fs'); const path = require('path');
    fs.writeFileSync(path.join(__dirname, 'installer-ran'), 'yes');
    fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n');
    fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
  `,
  offline: `
    require('fs').writeFileSync(require('path').join(__dirname, 'installer-ran'), 'yes');
    console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/dist/source/core/index.js:970:111)\\n    at Object.onceWrapper (node:events:634:26)');
    process.exit(1);
  `,
  silentNoBinary: `require('fs').writeFileSync(require('path').join(__dirname, 'installer-ran'), 'yes');`,
};

function fakeElectron(installer: keyof typeof INSTALLERS): void {
  fs.writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  fs.writeFileSync(path.join(electronDir, 'install.js'), INSTALLERS[installer]);
}

function run(env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FRONTDESK_ELECTRON_DIR: electronDir, ...env };
  if (env.ELECTRON_EXEC_PATH === undefined) delete childEnv.ELECTRON_EXEC_PATH;
  const result = spawnSync(process.execPath, [script], { env: childEnv, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, installerRan: fs.existsSync(path.join(electronDir, 'installer-ran')) };
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-ensure-electron-'));
  electronDir = path.join(tmp, 'electron');
  fs.mkdirSync(electronDir);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('ensure-electron (npm start pre-step)', () => {
  it('downloads nothing when ELECTRON_EXEC_PATH names an executable', () => {
    fakeElectron('succeeds');
    const exe = path.join(tmp, 'my-electron');
    fs.writeFileSync(exe, '');
    const result = run({ ELECTRON_EXEC_PATH: exe });
    expect(result).toMatchObject({ status: 0, installerRan: false });
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });

  it('refuses an ELECTRON_EXEC_PATH that does not exist, without downloading', () => {
    fakeElectron('succeeds');
    const result = run({ ELECTRON_EXEC_PATH: path.join(tmp, 'nowhere') });
    expect(result.status).toBe(1);
    expect(result.installerRan).toBe(false);
    expect(result.stderr).toContain('ELECTRON_EXEC_PATH points at');
  });

  it('does nothing when the binary is already installed', () => {
    fakeElectron('offline');
    fs.mkdirSync(path.join(electronDir, 'dist'));
    fs.writeFileSync(path.join(electronDir, 'dist', 'electron'), '');
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    expect(run({})).toMatchObject({ status: 0, installerRan: false, stderr: '' });
  });

  it("runs Electron's installer when the binary is missing", () => {
    fakeElectron('succeeds');
    const result = run({});
    expect(result).toMatchObject({ status: 0, installerRan: true });
    expect(result.stderr).toContain('downloading the Electron 45.5.0 binary');
    expect(fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
  });

  it('reinstalls when path.txt names a binary that is gone', () => {
    fakeElectron('succeeds');
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    expect(run({})).toMatchObject({ status: 0, installerRan: true });
  });

  it('says in one line that the download failed when offline, and exits non-zero', () => {
    fakeElectron('offline');
    const result = run({});
    expect(result.status).toBe(1);
    expect(result.installerRan).toBe(true);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2); // "downloading…" then the one failure line, no stack trace
    expect(lines[1]).toBe(
      'Frontdesk: could not download the Electron binary (offline?): RequestError: getaddrinfo ENOTFOUND github.com — connect once, or set ELECTRON_EXEC_PATH',
    );
  });

  it('fails when the installer exits 0 but leaves no binary', () => {
    fakeElectron('silentNoBinary');
    const result = run({});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no binary is there');
  });
});
