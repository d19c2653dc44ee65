/**
 * The update flow with the real electron-updater (its Windows NSIS updater) against a local HTTP
 * server serving a `latest.yml` and the installer it names: check → available → downloaded,
 * pushed to the renderer as `updates.changed` and readable through the contract. Then the
 * restart: refused while a broadcast is sending, done once it is not. electron-updater's own
 * `require('electron')` is routed to the stand-in (electron/main-thread/test-electron.ts), which
 * supplies the `app` and `net` it needs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { AppUpdater } from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../../shared/contract/updates';
import { FakeClock } from '../../foundation/clock';
import { memoryLogger } from '../../foundation/logger';
import { createTestCore, type TestCore } from '../../core-thread/test-core';
import { routeToStandIns } from '../stand-in/route-electron';
import { FakeElectronStore, fake, fakeElectronModule } from '../test-electron';
import { EventEmitter } from 'node:events';
import { UPDATE_CHECK_INTERVAL_MS, UpdateService, broadcastSending, type Updater } from './update-service';

vi.mock('electron', async () => (await import('../test-electron')).fakeElectronModule);

const INSTALLER = 'Frontdesk-Setup-0.2.0.exe';
const installerBytes = crypto.randomBytes(256 * 1024);
const sha512 = crypto.createHash('sha512').update(installerBytes).digest('base64');
const latestYml = [
  'version: 0.2.0',
  'files:',
  `  - url: ${INSTALLER}`,
  `    sha512: ${sha512}`,
  `    size: ${installerBytes.length}`,
  `path: ${INSTALLER}`,
  `sha512: ${sha512}`,
  "releaseDate: '2026-11-30T08:00:00.000Z'",
  "releaseNotes: 'Faster inbox search.'",
  '',
].join('\n');

let tmp: string;
let savedCacheHome: string | undefined;
let server: http.Server;
const requests: string[] = [];
let harness: TestCore;
let service: UpdateService;
let updater: AppUpdater;
const statuses: UpdateStatus[] = [];
const installs: Array<[boolean | undefined, boolean | undefined]> = [];
const logs = memoryLogger('debug');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-updates-'));
  server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
    if (name === 'latest.yml') response.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml);
    else if (name === INSTALLER) response.writeHead(200, { 'content-length': installerBytes.length }).end(installerBytes);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  // What electron-builder writes from `publish` (dev-app-update.yml is read when not packaged).
  fake.app.appPath = path.join(tmp, 'app');
  fs.mkdirSync(fake.app.appPath, { recursive: true });
  fs.writeFileSync(path.join(fake.app.appPath, 'dev-app-update.yml'), `provider: generic\nurl: ${feed}\nupdaterCacheDirName: frontdesk-updater\n`);
  fake.app.setPath('userData', path.join(tmp, 'userData'));
  // Where electron-updater caches the download on Linux (set for the whole file: vi.stubEnv is undone per test).
  savedCacheHome = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(tmp, 'cache');

  routeToStandIns({ electron: fakeElectronModule, 'electron-store': { default: FakeElectronStore } });
  const { NsisUpdater } = await import('electron-updater');
  // No app adapter given: like the packaged app, it takes `app` and `net` from require('electron').
  updater = new NsisUpdater();
  updater.forceDevUpdateConfig = true;
  // electron-updater's own test switch: read the Windows feed (latest.yml) on this Linux machine.
  (updater as unknown as { _testOnlyOptions: unknown })._testOnlyOptions = { platform: 'win32', isUseDifferentialDownload: false };
  // The installer must not really run: record the call instead.
  updater.quitAndInstall = (isSilent?: boolean, isForceRunAfter?: boolean) => void installs.push([isSilent, isForceRunAfter]);

  const clock = new FakeClock(Date.UTC(2026, 11, 1, 9, 0, 0));
  let core: TestCore['core'] | null = null;
  service = new UpdateService({
    updater,
    clock,
    logger: logs,
    isBroadcastSending: () => broadcastSending(core),
    onChange: (status) => {
      statuses.push(status);
      core?.events.emit('updates.changed', status);
    },
    defer: (run) => run(),
  });
  harness = await createTestCore({ clock, updates: service });
  core = harness.core;
  await harness.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' });
});

afterAll(async () => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCacheHome;
  service?.stop();
  await harness?.dispose();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('updates through electron-updater', () => {
  it('checks the feed, downloads the update in the background and reports it downloaded', async () => {
    const pushed: unknown[] = [];
    let downloadedFile = '';
    updater.on('update-downloaded', (event) => (downloadedFile = event.downloadedFile));
    harness.core.subscribe((name, payload) => name === 'updates.changed' && pushed.push(payload));
    expect(await harness.must('updates.status', {})).toEqual({ state: 'idle', checkedAt: null });

    service.start();
    await vi.waitFor(() => expect(service.status()).toMatchObject({ state: 'downloaded' }), { timeout: 30_000 });

    const states = statuses.map((s) => s.state);
    expect(states[0]).toBe('checking');
    expect(states).toContain('downloading');
    expect(states.at(-1)).toBe('downloaded');
    expect(statuses.find((s) => s.state === 'downloading')).toMatchObject({ version: '0.2.0' });
    expect(await harness.must('updates.status', {})).toEqual({ state: 'downloaded', version: '0.2.0', releaseNotes: 'Faster inbox search.' });
    expect(pushed.at(-1)).toMatchObject({ state: 'downloaded', version: '0.2.0' });

    expect(requests.some((url) => url.startsWith('/latest.yml'))).toBe(true);
    expect(requests.some((url) => url.startsWith(`/${INSTALLER}`))).toBe(true);
    expect(downloadedFile.startsWith(path.join(tmp, 'cache', 'frontdesk-updater'))).toBe(true);
    expect(fs.readFileSync(downloadedFile).equals(installerBytes)).toBe(true);
    expect(installs).toEqual([]); // never restarts on its own
  });

  it('refuses "Restart to update" while a broadcast is sending, and restarts once it is not', async () => {
    const draft = await harness.must('broadcasts.createDraft', {
      name: 'Flu shots',
      audience: {},
      channelPolicy: { channel: 'sms', body: 'Flu shots this week. Reply STOP to opt out.' },
      purpose: 'transactional',
    });
    harness.core.db.run(sql`update broadcasts set status = 'sending' where id = ${draft.id}`);

    const refused = await harness.call('updates.restart', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('broadcast is sending') } });
    expect(installs).toEqual([]);
    expect(service.status().state).toBe('downloaded'); // still offered

    harness.core.db.run(sql`update broadcasts set status = 'paused' where id = ${draft.id}`);
    expect(await harness.call('updates.restart', {})).toEqual({ ok: true, value: { restarting: true } });
    expect(installs).toEqual([[false, true]]);
  });

  it('keeps an update that is ready when a later check fails', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await service.check();
    expect(service.status()).toMatchObject({ state: 'downloaded', version: '0.2.0' });
    expect(logs.records.some((r) => r.msg === 'update check or download failed')).toBe(true);
  });
});

describe('updates switched off', () => {
  it('says why and refuses a restart', async () => {
    const off = new UpdateService({
      updater: null,
      disabledReason: 'Updates are installed only in the packaged app.',
      clock: new FakeClock(0),
      logger: logs,
      isBroadcastSending: () => false,
      onChange: () => undefined,
    });
    off.start();
    expect(off.status()).toEqual({ state: 'disabled', reason: 'Updates are installed only in the packaged app.' });
    expect(() => off.restartToUpdate()).toThrow(/no downloaded update/);
  });
});

describe('update schedule', () => {
  it('checks once at start and then once a day, until stopped', () => {
    const checks: number[] = [];
    const updater = Object.assign(new EventEmitter(), {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      logger: null,
      checkForUpdates: async () => {
        checks.push(checks.length);
        return null;
      },
      quitAndInstall: () => undefined,
    });
    const intervals: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
    const scheduled = new UpdateService({
      updater: updater as unknown as Updater,
      clock: new FakeClock(0),
      logger: memoryLogger(),
      isBroadcastSending: () => false,
      onChange: () => undefined,
      timers: {
        setInterval: (run, ms) => {
          const entry = { run, ms, cleared: false };
          intervals.push(entry);
          return entry;
        },
        clearInterval: (handle) => ((handle as { cleared: boolean }).cleared = true),
      },
    });
    expect(updater.autoDownload).toBe(true); // downloads in the background once found
    scheduled.start();
    scheduled.start(); // idempotent
    expect(checks).toHaveLength(1);
    expect(intervals.map((i) => i.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(24 * 60 * 60 * 1000);
    intervals[0]?.run();
    intervals[0]?.run();
    expect(checks).toHaveLength(3);
    scheduled.stop();
    expect(intervals[0]?.cleared).toBe(true);
  });
});
