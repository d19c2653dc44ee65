/**
 * The households migration: per-patient conversations of patients who share a phone or email
 * become one household conversation; no message, note, assignment or unread count is lost, and
 * patients who share nothing keep their own thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, readJournal } from './open-database';
import { migrationsBefore } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const clock = new FakeClock(Date.UTC(2026, 10, 2, 15));

function seed(sqlite: Database.Database) {
  const now = clock.now();
  const run = (source: string, ...params: unknown[]) => Number(sqlite.prepare(source).run(...params).lastInsertRowid);
  run(`insert into staff (username, display_name, role, password_hash, created_at) values ('ana','Ana','receptionist','x',?)`, now);
  const patient = (first: string) => run(`insert into patients (first_name, last_name, created_at, updated_at) values (?, 'Lopez', ?, ?)`, first, now, now);
  const emma = patient('Emma');
  const noah = patient('Noah');
  const mia = patient('Mia'); // shares Noah's email only: still the same household
  const sam = patient('Sam'); // shares nothing
  const contact = (p: number, kind: string, value: string) =>
    run(`insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?,?,?,?,?)`, p, kind, value, now, now);
  contact(emma, 'phone', '+12125550111');
  contact(noah, 'phone', '+12125550111');
  contact(noah, 'email', 'lopez@example.com');
  contact(mia, 'email', 'lopez@example.com');
  contact(sam, 'phone', '+12125550999');
  const conversation = (p: number, values: { unread: number; status: string; assignee?: number; flag?: string; last: number; preview: string }) =>
    run(
      `insert into conversations (patient_id, status, assignee_staff_id, unread_count, flag, last_message_at, last_message_preview, created_at, updated_at)
       values (?,?,?,?,?,?,?,?,?)`,
      p,
      values.status,
      values.assignee ?? null,
      values.unread,
      values.flag ?? null,
      values.last,
      values.preview,
      now,
      values.last,
    );
  const cEmma = conversation(emma, { unread: 2, status: 'open', last: now - 5000, preview: 'Is Emma due?' });
  const cNoah = conversation(noah, { unread: 1, status: 'resolved', assignee: 1, flag: 'reschedule', last: now - 1000, preview: 'Noah needs another day' });
  const cMia = conversation(mia, { unread: 0, status: 'resolved', last: now - 9000, preview: 'Hi Mia' });
  const cSam = conversation(sam, { unread: 4, status: 'open', last: now - 2000, preview: 'Sam here' });
  const cUnknown = run(`insert into conversations (address, unread_count, created_at, updated_at) values ('+12125550777', 1, ?, ?)`, now, now);
  const message = (c: number, p: number | null, body: string) =>
    run(
      `insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?,?,?,?,?,?,?,?)`,
      c,
      p,
      'inbound',
      'sms',
      '+12125550111',
      body,
      'patient',
      now,
    );
  message(cEmma, emma, 'Is Emma due?');
  message(cEmma, emma, 'She has a cold');
  message(cNoah, noah, 'Noah needs another day');
  message(cMia, mia, 'Hi Mia');
  message(cSam, sam, 'Sam here');
  message(cUnknown, null, 'Who is this?');
  const note = (c: number, body: string) => run(`insert into conversation_notes (conversation_id, staff_id, body, created_at) values (?,1,?,?)`, c, body, now);
  note(cEmma, 'Mother prefers mornings');
  note(cNoah, 'Call back after 3');
  return { emma, noah, mia, sam, cEmma, cNoah, cMia, cSam, cUnknown };
}

describe('households migration', () => {
  it('merges the conversations of patients who share a contact point without losing messages, notes, assignment or unread counts', () => {
    const dir = makeTempDir('frontdesk-hh-');
    dirs.push(dir);
    const file = path.join(dir, 'frontdesk.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsBefore('_households', dirs), clock, logger: memoryLogger() });
    const ids = seed(old.sqlite);
    const messagesBefore = old.sqlite.prepare('select id, body from messages order by id').all();
    old.sqlite.close();

    const { sqlite, versionAfter } = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, clock, logger: memoryLogger() });
    expect(versionAfter).toBe(readJournal(MIGRATIONS_FOLDER).length);
    const householdOf = (id: number) => (sqlite.prepare('select household_id as h from patients where id = ?').get(id) as { h: number }).h;
    // Emma, Noah (phone) and Mia (Noah's email) are one household; Sam is his own.
    expect(householdOf(ids.noah)).toBe(householdOf(ids.emma));
    expect(householdOf(ids.mia)).toBe(householdOf(ids.emma));
    expect(householdOf(ids.sam)).not.toBe(householdOf(ids.emma));
    expect(sqlite.prepare('select count(*) as n from households').get()).toEqual({ n: 2 });

    // Every message is still there, with its own patient.
    expect(sqlite.prepare('select id, body from messages order by id').all()).toEqual(messagesBefore);
    const family = sqlite.prepare('select * from conversations where household_id = ?').get(householdOf(ids.emma)) as Record<string, unknown>;
    expect(family.id).toBe(ids.cEmma);
    expect(family.unread_count).toBe(3);
    expect(family.assignee_staff_id).toBe(1);
    expect(family.flag).toBe('reschedule');
    expect(family.status).toBe('open');
    expect(family.last_message_preview).toBe('Noah needs another day');
    const familyMessages = sqlite.prepare('select body, patient_id as p from messages where conversation_id = ? order by id').all(ids.cEmma);
    expect(familyMessages).toEqual([
      { body: 'Is Emma due?', p: ids.emma },
      { body: 'She has a cold', p: ids.emma },
      { body: 'Noah needs another day', p: ids.noah },
      { body: 'Hi Mia', p: ids.mia },
    ]);
    expect(sqlite.prepare('select body from conversation_notes where conversation_id = ? order by id').all(ids.cEmma)).toEqual([
      { body: 'Mother prefers mornings' },
      { body: 'Call back after 3' },
    ]);
    // The merged-away conversations are gone (and audited); the others are untouched.
    expect(sqlite.prepare('select id from conversations order by id').all()).toEqual([{ id: ids.cEmma }, { id: ids.cSam }, { id: ids.cUnknown }]);
    expect(sqlite.prepare(`select entity_id as e from audit_log where action = 'conversation.merged_into_household' order by id`).all()).toEqual([
      { e: String(ids.cNoah) },
      { e: String(ids.cMia) },
    ]);
    const samConversation = sqlite.prepare('select unread_count as u, household_id as h from conversations where id = ?').get(ids.cSam);
    expect(samConversation).toEqual({ u: 4, h: householdOf(ids.sam) });
    const unknown = sqlite.prepare('select unread_count as u, household_id as h, address from conversations where id = ?').get(ids.cUnknown);
    expect(unknown).toEqual({ u: 1, h: null, address: '+12125550777' });
    // The total unread count is unchanged (2 + 1 + 0 + 4 + 1).
    expect(sqlite.prepare('select sum(unread_count) as n from conversations').get()).toEqual({ n: 8 });
    // One conversation per household from now on.
    expect(() => sqlite.prepare(`insert into conversations (household_id, created_at, updated_at) values (?, 0, 0)`).run(householdOf(ids.emma))).toThrow(/UNIQUE/);
    // Search still finds moved messages.
    expect(sqlite.prepare(`select rowid from messages_fts where messages_fts match 'cold'`).all()).toHaveLength(1);
    sqlite.close();
  });
});
