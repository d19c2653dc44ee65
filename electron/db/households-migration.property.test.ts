/**
 * The households migration groups patients exactly as a union-find over shared contact points
 * would (each household numbered by its lowest patient id), for any pattern of sharing, and moves
 * every message and unread count into the one conversation each household keeps. A placeholder
 * email on thousands of records (common in clinic data) is one household, as the rule says, and
 * the migration's walk handles it without a row per pair of sharers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { migrationsBefore } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const clock = new FakeClock(Date.UTC(2026, 10, 2, 15));

interface Contact {
  patient: number;
  kind: 'phone' | 'email';
  value: number;
}

/** The reference: union-find over "shares a contact point", roots are the lowest id. */
function expectedHouseholds(patients: number, contacts: Contact[]): number[] {
  const parent = Array.from({ length: patients + 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] ?? x;
    return x;
  };
  const firstOwner = new Map<string, number>();
  for (const c of contacts) {
    const key = `${c.kind}:${c.value}`;
    const other = firstOwner.get(key);
    if (other === undefined) firstOwner.set(key, c.patient);
    else {
      const [a, b] = [find(other), find(c.patient)];
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  return Array.from({ length: patients }, (_, i) => find(i + 1));
}

function migrateWith(patients: number, contacts: Contact[], messagesPerPatient: number): Database.Database {
  const dir = makeTempDir('frontdesk-hh-prop-');
  dirs.push(dir);
  const file = path.join(dir, 'frontdesk.sqlite');
  const old = openDatabase({ file, migrationsFolder: migrationsBefore('_households', dirs), clock, logger: memoryLogger() });
  const db = old.sqlite;
  const now = clock.now();
  const insertPatient = db.prepare(`insert into patients (first_name, last_name, created_at, updated_at) values ('P', ?, ?, ?)`);
  const insertContact = db.prepare(`insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?, ?, ?, ?, ?)`);
  const insertConversation = db.prepare(`insert into conversations (patient_id, unread_count, created_at, updated_at) values (?, ?, ?, ?)`);
  const insertMessage = db.prepare(
    `insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?, ?, 'inbound', 'sms', '+1', 'hello', 'patient', ?)`,
  );
  db.transaction(() => {
    for (let p = 1; p <= patients; p++) {
      insertPatient.run(String(p), now, now);
      const conversation = Number(insertConversation.run(p, p % 3, now, now).lastInsertRowid);
      for (let m = 0; m < messagesPerPatient; m++) insertMessage.run(conversation, p, now);
    }
    for (const c of contacts) insertContact.run(c.patient, c.kind, c.kind === 'phone' ? `+1212555${String(c.value).padStart(4, '0')}` : `v${c.value}@example.com`, now, now);
  })();
  old.sqlite.close();
  return openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, clock, logger: memoryLogger() }).sqlite;
}

function households(db: Database.Database): number[] {
  return (db.prepare('select household_id as h from patients order by id').all() as Array<{ h: number }>).map((r) => r.h);
}

describe('households migration over any sharing pattern', () => {
  it('groups patients as a union-find over shared contact points and keeps every message and unread count', () => {
    const contact = (patients: number) =>
      fc.record({ patient: fc.integer({ min: 1, max: patients }), kind: fc.constantFrom('phone' as const, 'email' as const), value: fc.integer({ min: 0, max: 6 }) });
    const world = fc.integer({ min: 1, max: 24 }).chain((patients) => fc.tuple(fc.constant(patients), fc.uniqueArray(contact(patients), { maxLength: 40, size: 'max', selector: (c) => `${c.patient}:${c.kind}:${c.value}` })));
    fc.assert(
      fc.property(world, ([patients, contacts]) => {
        const db = migrateWith(patients, contacts, 2);
        try {
          const expected = expectedHouseholds(patients, contacts);
          expect(households(db)).toEqual(expected);
          const distinct = [...new Set(expected)].sort((a, b) => a - b);
          expect((db.prepare('select id from households order by id').all() as Array<{ id: number }>).map((r) => r.id)).toEqual(distinct);
          // One conversation per household, holding all of its members' messages and unread counts.
          expect(db.prepare('select count(*) as n from conversations').get()).toEqual({ n: distinct.length });
          expect(db.prepare('select count(*) as n from messages').get()).toEqual({ n: patients * 2 });
          const unreadOf = (root: number) => expected.reduce((sum, r, i) => (r === root ? sum + ((i + 1) % 3) : sum), 0);
          for (const root of distinct) {
            const row = db.prepare('select unread_count as u, (select count(*) from messages m where m.conversation_id = c.id) as n from conversations c where household_id = ?').get(root);
            expect(row).toEqual({ u: unreadOf(root), n: 2 * expected.filter((r) => r === root).length });
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 20 },
    );
  });

  it('makes one household of thousands of records sharing a placeholder email, families among them', () => {
    const patients = 3000;
    const contacts: Contact[] = [];
    for (let p = 1; p <= patients; p++) {
      contacts.push({ patient: p, kind: 'email', value: 0 });
      // Pairs of siblings also share a phone, so the email's group holds many smaller groups.
      contacts.push({ patient: p, kind: 'phone', value: Math.ceil(p / 2) });
    }
    const db = migrateWith(patients, contacts, 1);
    try {
      expect(new Set(households(db))).toEqual(new Set([1]));
      expect(db.prepare('select count(*) as n, sum(unread_count) as u from conversations').get()).toEqual({ n: 1, u: expectedUnread(patients) });
      expect(db.prepare('select count(distinct conversation_id) as c, count(*) as n from messages').get()).toEqual({ c: 1, n: patients });
    } finally {
      db.close();
    }
  });
});

function expectedUnread(patients: number): number {
  let sum = 0;
  for (let p = 1; p <= patients; p++) sum += p % 3;
  return sum;
}
