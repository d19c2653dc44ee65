/**
 * The job runner (node-schedule triggers, no overlap, last run kept), the daily rotating
 * online backup and retention.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';
import { openTempDatabase, type TempDatabase } from '../db/test-db';
import { JobRunner } from './job-runner';
import { listBackups, runDailyBackup } from './backup-job';
import { runRetention } from './retention-job';
import { ensurePatientConversation, findConversation, updateConversation } from '../repos/conversations-repo';
import { insertPatient } from '../repos/patients-repo';

let t: TempDatabase | null = null;
let runner: JobRunner | null = null;
afterEach(async () => {
  await runner?.stop();
  runner = null;
  t?.dispose();
  t = null;
});

describe('background jobs', () => {
  it('run on their node-schedule trigger, never overlap, stop with the app, and keep their last run', async () => {
    t = openTempDatabase();
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12));
    runner = new JobRunner(t.db, clock, memoryLogger());
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    runner.add({
      name: 'tick',
      cron: '* * * * * *',
      atStart: true,
      run: async () => {
        runs += 1;
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, 1500));
        concurrent -= 1;
      },
    });
    runner.add({ name: 'boom', cron: '0 0 1 1 *', run: () => Promise.reject(new Error('boom')) });
    runner.start();
    await new Promise((r) => setTimeout(r, 2600));
    await runner.stop();
    const afterStop = runs;
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(maxConcurrent).toBe(1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(afterStop);
    expect(runner.lastRunAt('tick')).toBe(clock.now());
    // A failing job is logged, not thrown, and records no successful run.
    await runner.runNow('boom');
    expect(runner.lastRunAt('boom')).toBeNull();
  });

  it('backs the database up once per local day with the online backup API and keeps the newest N', async () => {
    t = openTempDatabase();
    const dir = path.join(t.dir, 'backups');
    insertPatient(t.db, { firstName: 'Backup', lastName: 'Check', createdAt: 1, updatedAt: 1 });
    const day = (d: number, hour = 12) => Date.UTC(2026, 5, d, hour);
    const options = { sqlite: t.sqlite, dir, keep: 3, timeZone: 'America/New_York' };
    expect(await runDailyBackup(options, day(1))).toMatch(/frontdesk-2026-06-01\.sqlite$/);
    expect(await runDailyBackup(options, day(1, 20))).toBeNull(); // same local day
    // 02:00 UTC on the 2nd is still the 1st in New York.
    expect(await runDailyBackup(options, day(2, 2))).toBeNull();
    for (const d of [2, 3, 4, 5]) await runDailyBackup(options, day(d));
    expect(listBackups(dir).map((f) => path.basename(f))).toEqual(['frontdesk-2026-06-03.sqlite', 'frontdesk-2026-06-04.sqlite', 'frontdesk-2026-06-05.sqlite']);
    const copy = new Database(listBackups(dir)[2] ?? '', { readonly: true });
    try {
      expect(copy.prepare('select first_name as f from patients').all()).toEqual([{ f: 'Backup' }]);
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('wakes snoozed conversations and removes old content only when a retention period is set', () => {
    t = openTempDatabase();
    const now = Date.UTC(2026, 5, 10);
    const p = insertPatient(t.db, { firstName: 'R', lastName: 'S', createdAt: 1, updatedAt: 1 });
    const c = ensurePatientConversation(t.db, p.id, now - 100 * 86_400_000);
    updateConversation(t.db, c.id, { status: 'snoozed', snoozedUntil: now - 1000 });
    t.sqlite
      .prepare(`insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?, ?, 'inbound', 'sms', '+12125550000', 'old', 'patient', ?)`)
      .run(c.id, p.id, now - 400 * 86_400_000);
    t.sqlite
      .prepare(`insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?, ?, 'inbound', 'sms', '+12125550000', 'new', 'patient', ?)`)
      .run(c.id, p.id, now - 10 * 86_400_000);
    expect(runRetention(t.db, now, { messageRetentionDays: null })).toEqual({ woken: 1, deletedMessages: 0 });
    expect(findConversation(t.db, c.id)?.status).toBe('open');
    expect(runRetention(t.db, now, { messageRetentionDays: 365 })).toEqual({ woken: 0, deletedMessages: 1 });
    expect(t.sqlite.prepare('select body from messages').all()).toEqual([{ body: 'new' }]);
  });
});
