/** Scheduler settings and jobs through the call registry. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { IMAP_PASSWORD_KEY, readSchedulerSettings } from './scheduler-settings';
import { FileSecretStore, JsonFileSettingsStore } from '../foundation/file-stores';
import fs from 'node:fs';
import path from 'node:path';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('scheduler calls', () => {
  it('keep the mailbox password write-only, apply keyword settings, and run a job on request', async () => {
    t = await createTestCore();
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    expect((await t.must('scheduler.getSettings', {})).keywords).toEqual({ confirm: ['C', 'CONFIRM'], reschedule: ['R'] });
    const saved = await t.must('scheduler.updateSettings', {
      keywords: { confirm: ['C', 'YES'], reschedule: ['R'] },
      imap: { host: '127.0.0.1', port: 1143, secure: false, user: 'clinic', password: 's3cret' },
    });
    expect(saved.imap).toEqual({ host: '127.0.0.1', port: 1143, secure: false, user: 'clinic', hasPassword: true });
    expect(JSON.stringify(saved)).not.toContain('s3cret');
    expect(new FileSecretStore(path.join(t.dir, 'secrets.test.json')).get(IMAP_PASSWORD_KEY)).toBe('s3cret');
    // The non-secret settings file never holds the password.
    expect(fs.readFileSync(path.join(t.dir, 'settings.json'), 'utf8')).not.toContain('s3cret');
    expect(readSchedulerSettings(new JsonFileSettingsStore(path.join(t.dir, 'settings.json'))).keywords.confirm).toEqual(['C', 'YES']);
    expect((await t.call('scheduler.updateSettings', { keywords: { confirm: ['<script>'], reschedule: ['R'] } })).ok).toBe(false);

    const jobs = await t.must('scheduler.jobs', {});
    expect(jobs.map((j) => j.name)).toContain('reminders.plan');
    expect(jobs.every((j) => j.lastRunAt === null)).toBe(true);
    const ran = await t.must('scheduler.runJob', { name: 'retention' });
    expect(ran.lastRunAt).toBe(t.clock.now());
    const removed = await t.must('scheduler.updateSettings', { imap: null });
    expect(removed.imap).toBeNull();
  });
});
