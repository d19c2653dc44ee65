/**
 * The delivery_attempts migration moves what is known about earlier attempts: every delivery that
 * was tried gets its last attempt, with the sid it owns (so a reconciliation never claims it
 * again) and the body when the delivery was on the message's own channel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { migrationsBefore } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const TAG = '_delivery_attempts';

it('moves each tried delivery into delivery_attempts with its sid and the body it sent', () => {
  const clock = new FakeClock(Date.UTC(2026, 5, 1));
  const dir = makeTempDir('frontdesk-migration-attempts-db-');
  dirs.push(dir);
  const file = path.join(dir, 'frontdesk.sqlite');
  const old = openDatabase({ file, migrationsFolder: migrationsBefore(TAG, dirs), clock, logger: memoryLogger() });
  const db = old.sqlite;
  const now = clock.now();
  db.prepare(`insert into patients (first_name, last_name, created_at, updated_at) values ('Ann','Lee',?,?)`).run(now, now);
  db.prepare(`insert into conversations (patient_id, created_at, updated_at) values (1,?,?)`).run(now, now);
  db.prepare(
    `insert into messages (conversation_id, patient_id, direction, channel, address, body, subject, origin, created_at) values (1,1,'outbound','sms','+15555550100','See you at 10','', 'staff', ?)`,
  ).run(now);
  const delivery = db.prepare(
    `insert into deliveries (message_id, channel, address, provider, sender, state, attempt_count, attempt_started_at, provider_id, created_at, updated_at) values (1,?,?,?,?,?,?,?,?,?,?)`,
  );
  delivery.run('sms', '+15555550100', 'twilio', '+15005550006', 'sent', 2, now - 5_000, 'SM' + 'a'.repeat(32), now, now);
  delivery.run('sms', '+15555550100', 'twilio', '+15005550006', 'sending', 1, now - 1_000, null, now, now);
  delivery.run('email', 'ann@example.com', 'smtp', 'smtp:desk@example.com', 'failed', 1, now - 2_000, null, now, now);
  delivery.run('sms', '+15555550100', 'twilio', null, 'queued', 0, null, null, now, now);
  db.close();

  const migrated = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, clock, logger: memoryLogger() });
  const rows = migrated.sqlite
    .prepare('select delivery_id, attempt_no, started_at, channel, to_address, sender, body, provider_id, outcome, ended_at from delivery_attempts order by delivery_id')
    .all();
  expect(rows).toEqual([
    { delivery_id: 1, attempt_no: 2, started_at: now - 5_000, channel: 'sms', to_address: '+15555550100', sender: '+15005550006', body: 'See you at 10', provider_id: 'SM' + 'a'.repeat(32), outcome: 'accepted', ended_at: now },
    { delivery_id: 2, attempt_no: 1, started_at: now - 1_000, channel: 'sms', to_address: '+15555550100', sender: '+15005550006', body: 'See you at 10', provider_id: null, outcome: 'unknown', ended_at: null },
    // A fallback channel's rendered body was never stored: NULL, not the SMS text.
    { delivery_id: 3, attempt_no: 1, started_at: now - 2_000, channel: 'email', to_address: 'ann@example.com', sender: 'smtp:desk@example.com', body: null, provider_id: null, outcome: 'failed', ended_at: now },
  ]);
  migrated.sqlite.close();
});
