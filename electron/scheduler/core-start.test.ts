/**
 * The app's core starts its background jobs and stops them on close: start-up catch-up runs
 * (reminder planning, the day's backup), nothing fails, and nothing keeps running afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import schedule from 'node-schedule';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('core start and close', () => {
  it('runs the start-up jobs and leaves no scheduled job behind', async () => {
    t = await createTestCore();
    t.core.start();
    const runner = t.core.services.scheduler.runner;
    await Promise.all(['reminders.plan', 'broadcasts.send', 'backup', 'retention'].map((name) => runner.runNow(name)));
    expect(runner.lastRunAt('reminders.plan')).toBe(t.clock.now());
    expect(runner.lastRunAt('backup')).toBe(t.clock.now());
    const backups = fs.readdirSync(path.join(t.dir, 'backups', 'daily'));
    expect(backups).toHaveLength(1);
    expect(Object.keys(schedule.scheduledJobs).filter((n) => n.startsWith('frontdesk:')).length).toBeGreaterThanOrEqual(8);
    await t.core.close();
    expect(Object.keys(schedule.scheduledJobs).filter((n) => n.startsWith('frontdesk:'))).toEqual([]);
    expect(t.logs.filter((r) => r.level === 'error')).toEqual([]);
  });
});
