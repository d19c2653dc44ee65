/**
 * The watched folder, on a real temp folder: a file that stopped changing is imported with the
 * saved mapping for the configured source, moved to imported/, audited, announced and kept as the
 * last result; a file without a usable mapping goes to failed/ with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import { makeTempDir } from '../db/test-db';
import { b64, importTestCore, MANAGER, newJobId } from '../core-thread/import-test-core';
import { WatchedFolder, type Interval } from './watched-folder';
import { memoryLogger } from '../foundation/logger';
import { JsonFileSettingsStore } from '../foundation/file-stores';

let t: TestCore;
let folder: string;
const csv = (rows: string[]) => `MRN,First,Last,DOB,Mobile\n${rows.join('\n')}\n`;

beforeAll(async () => {
  t = await importTestCore();
  folder = makeTempDir('frontdesk-watched-');
  // A first import by hand saves the mapping for the source.
  const content = b64(csv(['W1,Wanda,Wells,1970-01-02,(202) 555-0101']));
  const preview = await t.must('import.preview', { content, source: 'nightly' }, MANAGER);
  const jobId = newJobId();
  await t.must('import.dryRun', { jobId, content, source: 'nightly', kind: 'patients', mapping: preview.mapping }, MANAGER);
  await t.must('import.apply', { jobId }, MANAGER);
});
afterAll(async () => {
  await t.dispose();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('watched folder', () => {
  it('refuses a folder that does not exist, and needs the admin role to change', async () => {
    expect(await t.call('importSettings.update', { watchedFolder: path.join(folder, 'nope') })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await t.call('importSettings.update', { watchedFolder: folder }, MANAGER)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const saved = await t.must('importSettings.update', { watchedFolder: folder, source: 'nightly', kind: 'patients' });
    expect(saved.settings).toMatchObject({ watchedFolder: folder, source: 'nightly', kind: 'patients' });
  });

  it('imports a dropped file once it stops changing, moves it away, audits and announces it', async () => {
    const events: Array<{ name: string; payload: unknown }> = [];
    const stop = t.core.subscribe((name, payload) => events.push({ name, payload }));
    fs.writeFileSync(path.join(folder, 'export-2026-01-15.csv'), csv(['W1,Wanda,Wells,1970-01-02,(202) 555-0101', 'W2,Walt,Wu,1981-05-06,(202) 555-0102', 'W3,,Nameless,1981-05-06,']));
    const watcher = t.core.services.watchedFolder;
    expect(await watcher.scan()).toEqual([]); // first sight: it may still be being written
    const [result] = await watcher.scan();
    stop();
    expect(result).toMatchObject({ file: 'export-2026-01-15.csv', ok: true });
    expect(result?.report).toMatchObject({ patients: { created: 1, updated: 0, unchanged: 1 }, rejected: 1 });
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('.csv'))).toEqual([]);
    expect(fs.readdirSync(path.join(folder, 'imported'))).toEqual([expect.stringMatching(/export-2026-01-15\.csv$/)]);
    expect((await t.must('patients.search', { query: 'W2' }, MANAGER)).items.map((p) => p.lastName)).toEqual(['Wu']);
    expect(events.find((e) => e.name === 'import.finished')?.payload).toMatchObject({ trigger: 'watched_folder', ok: true, source: 'nightly' });
    const audit = await t.must('audit.list', { limit: 5 }, MANAGER);
    expect(audit.find((a) => a.action === 'import.watched_folder')?.detail).toMatchObject({ source: 'nightly', rejected: 1 });
    const settings = await t.must('importSettings.get', {}, MANAGER);
    expect(settings.lastWatchedResult).toMatchObject({ file: 'export-2026-01-15.csv', ok: true });
    expect(await watcher.scan()).toEqual([]); // nothing is imported twice
  });

  it('a file whose columns do not fit the saved mapping goes to failed/ with the reason', async () => {
    fs.writeFileSync(path.join(folder, 'other.csv'), 'Something,Else\n1,2\n');
    const watcher = t.core.services.watchedFolder;
    await watcher.scan();
    const [result] = await watcher.scan();
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('no saved column mapping') });
    expect(fs.readdirSync(path.join(folder, 'failed'))).toEqual([expect.stringMatching(/other\.csv$/)]);
    const audit = await t.must('audit.list', { limit: 5 }, MANAGER);
    expect(audit.some((a) => a.action === 'import.watched_folder_failed')).toBe(true);
  });

  it('start() polls every pollSeconds with the saved settings; stop() and an unset folder stop it', async () => {
    await t.must('importSettings.update', { pollSeconds: 5 });
    const timers: Array<{ ms: number; fn: () => void; stopped: boolean }> = [];
    const interval: Interval = {
      every(ms, fn) {
        const timer = { ms, fn, stopped: false };
        timers.push(timer);
        return () => {
          timer.stopped = true;
        };
      },
    };
    const c = t.core;
    const watcher = new WatchedFolder(c.db, t.clock, c.events, memoryLogger(), new JsonFileSettingsStore(path.join(t.dir, 'settings.json')), c.services.imports, interval);
    watcher.start();
    watcher.start(); // idempotent
    expect(timers.map((x) => x.ms)).toEqual([5000]);
    fs.writeFileSync(path.join(folder, 'tick.csv'), csv(['W9,Wim,Weber,1990-09-09,']));
    timers[0]?.fn();
    await watcher.idle();
    timers[0]?.fn();
    await new Promise((resolve) => setImmediate(resolve));
    await watcher.idle();
    expect((await t.must('patients.search', { query: 'W9' }, MANAGER)).total).toBe(1);
    watcher.stop();
    expect(timers[0]?.stopped).toBe(true);
    // Without a folder, start() does not poll at all.
    await t.must('importSettings.update', { watchedFolder: null });
    const fresh = new WatchedFolder(c.db, t.clock, c.events, memoryLogger(), new JsonFileSettingsStore(path.join(t.dir, 'settings.json')), c.services.imports, interval);
    fresh.start();
    expect(timers).toHaveLength(1);
    expect((await t.must('importSettings.get', {}, MANAGER)).settings.watchedFolder).toBeNull();
  });
});
