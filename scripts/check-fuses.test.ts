/**
 * scripts/check-fuses.mjs (run by the release workflow on each packaged app) against a stand-in
 * "Electron binary": bytes with a real fuse wire in them, flipped by @electron/fuses itself.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'check-fuses.mjs');
const builderYml = path.join(import.meta.dirname, '..', 'electron-builder.yml');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
let tmp: string;
let binary: string;

/** What electron-builder.yml asks for, as @electron/fuses options. */
const configured = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

function check(target: string) {
  return spawnSync(process.execPath, [script, target, builderYml], { encoding: 'utf8' });
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-fuses-'));
  binary = path.join(tmp, 'Frontdesk.exe');
  // Electron's defaults: every fuse at its unflipped value ('1' on for most, as shipped).
  const wire = Buffer.from('101111011', 'ascii');
  fs.writeFileSync(binary, Buffer.concat([crypto.randomBytes(4096), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire, crypto.randomBytes(4096)]));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('check-fuses', () => {
  it('passes when the binary has the fuses electron-builder.yml sets', async () => {
    await flipFuses(binary, { version: FuseVersion.V1, ...configured });
    const result = check(binary);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('ok   RunAsNode: expected off, found off');
    expect(result.stdout).toContain('ok   OnlyLoadAppFromAsar: expected on, found on');
    expect(result.stdout.match(/^ok /gm)).toHaveLength(7);
  });

  it('fails when a fuse was left open (unflipped binary, or runAsNode on)', async () => {
    expect(check(binary).status).toBe(1);
    await flipFuses(binary, { version: FuseVersion.V1, ...configured, [FuseV1Options.RunAsNode]: true });
    const result = check(binary);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL RunAsNode: expected off, found on');
    expect(result.stderr).toContain('1 fuse(s) differ from electron-builder.yml: RunAsNode');
  });

  it('fails with a clear message on a file that is not an Electron binary', () => {
    fs.writeFileSync(binary, 'not electron');
    const result = check(binary);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^check-fuses: /);
  });
});
