/**
 * Dropping deliveries_provider_id_idx: a sid is looked up through delivery_attempts only, so the
 * migration first puts every sid a delivery holds but none of its attempts does onto an attempt
 * numbered 0 (ended, accepted, never the latest). A database from before it keeps every delivery,
 * each delivery's sids are still "owned" for reconciliation, and the lookup searches the attempts'
 * index instead of scanning.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { migrationsBefore } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER, queryPlan } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';
import { latestAttempt, providerIdOwned } from '../engine/attempts-repo';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const sid = (c: string) => `SM${c.repeat(32)}`;

it('moves a sid found only on a delivery onto an attempt, keeps every row, and ownership is read from the attempts', () => {
  const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
  const dir = makeTempDir('frontdesk-drop-provider-id-db-');
  dirs.push(dir);
  const file = path.join(dir, 'frontdesk.sqlite');
  const old = openDatabase({ file, migrationsFolder: migrationsBefore('_drop_deliveries_provider_id_idx', dirs), clock, logger: memoryLogger() });
  const db = old.sqlite;
  const now = clock.now();
  db.prepare(`insert into patients (first_name, last_name, created_at, updated_at) values ('Ann','Lee',?,?)`).run(now, now);
  db.prepare(`insert into conversations (patient_id, created_at, updated_at) values (1,?,?)`).run(now, now);
  db.prepare(
    `insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (1,1,'outbound','sms','+15555550100','See you at 10','staff',?)`,
  ).run(now);
  const delivery = db.prepare(
    `insert into deliveries (message_id, channel, address, provider, sender, state, attempt_count, attempt_started_at, provider_id, created_at, updated_at) values (1,'sms','+15555550100','twilio','+15005550006',?,?,?,?,?,?)`,
  );
  const attempt = db.prepare(
    `insert into delivery_attempts (delivery_id, attempt_no, started_at, provider, channel, to_address, sender, body, provider_id, outcome, ended_at) values (?,?,?,'twilio','sms','+15555550100','+15005550006','See you at 10',?,?,?)`,
  );
  // 1: its sid is on its attempt. 2: a retry, both sids on attempts. 3: the sid on the delivery only.
  // 4: never accepted.
  delivery.run('sent', 1, now - 9_000, sid('a'), now, now - 8_000);
  attempt.run(1, 1, now - 9_000, sid('a'), 'accepted', now - 8_000);
  delivery.run('sent', 2, now - 7_000, sid('c'), now, now - 6_000);
  attempt.run(2, 1, now - 8_000, sid('b'), 'accepted', now - 7_500);
  attempt.run(2, 2, now - 7_000, sid('c'), 'accepted', now - 6_000);
  delivery.run('sent', 1, now - 5_000, sid('d'), now, now - 4_000);
  attempt.run(3, 1, now - 5_000, null, 'unknown', null);
  delivery.run('queued', 0, null, null, now, now);
  const deliveriesBefore = db.prepare('select * from deliveries order by id').all();
  const attemptsBefore = db.prepare('select * from delivery_attempts order by id').all();
  expect(queryPlan(db, 'select 1 from deliveries where provider_id = +?', sid('d'))).toContain('deliveries_provider_id_idx');
  db.close();

  const migrated = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, clock, logger: memoryLogger() });
  try {
    const s = migrated.sqlite;
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.prepare(`select name from sqlite_master where type = 'index' and name = 'deliveries_provider_id_idx'`).get()).toBeUndefined();
    expect(s.prepare('select * from deliveries order by id').all()).toEqual(deliveriesBefore);
    const attempts = s.prepare('select * from delivery_attempts order by id').all() as Array<Record<string, unknown>>;
    // The existing attempts are untouched; one new attempt carries delivery 3's sid.
    expect(attempts.slice(0, attemptsBefore.length)).toEqual(attemptsBefore);
    expect(attempts.slice(attemptsBefore.length).map((a) => [a.delivery_id, a.attempt_no, a.provider_id, a.outcome, a.ended_at, a.checking_until, a.to_address])).toEqual([
      [3, 0, sid('d'), 'accepted', now - 4_000, null, '+15555550100'],
    ]);
    // Every sid any delivery or attempt held is owned (for any other attempt looking it up).
    const none = -1;
    for (const c of ['a', 'b', 'c', 'd']) expect(providerIdOwned(migrated.db, sid(c), none), c).toBe(true);
    expect(providerIdOwned(migrated.db, sid('e'), none)).toBe(false);
    // The attempt that recorded a sid does not own it against itself; delivery 3's open attempt does not either.
    const first = attempts.find((a) => a.delivery_id === 1)!;
    expect(providerIdOwned(migrated.db, sid('a'), first.id as number)).toBe(false);
    const open = attempts.find((a) => a.delivery_id === 3 && a.attempt_no === 1)!;
    expect(providerIdOwned(migrated.db, sid('d'), open.id as number)).toBe(true);
    // The attempt numbered 0 is never a delivery's latest.
    expect(latestAttempt(migrated.db, 3)?.attempt_no).toBe(1);
    expect(queryPlan(s, 'select 1 from delivery_attempts where provider_id = +? and id != ? limit 1', sid('d'), 1)).toContain('delivery_attempts_provider_id_idx');
  } finally {
    migrated.sqlite.close();
  }
});
