/**
 * The search-index migration (0007): patients and phones written before it are found by name
 * and by phone digits after it, messages are still found by word (now with prefix indexes), and
 * the triggers keep all three indexes in step with later inserts, edits and deletes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
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

const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
const open = (file: string, migrationsFolder = MIGRATIONS_FOLDER) => openDatabase({ file, migrationsFolder, clock, logger: memoryLogger() });

function seed(sqlite: Database.Database): { maya: number; omar: number } {
  const now = clock.now();
  const run = (source: string, ...params: unknown[]) => Number(sqlite.prepare(source).run(...params).lastInsertRowid);
  const patient = (first: string, last: string) => run(`insert into patients (first_name, last_name, created_at, updated_at) values (?, ?, ?, ?)`, first, last, now, now);
  const maya = patient('Maya', 'Bennett');
  const omar = patient('Omar', 'Shah');
  patient('Zoë', 'Brontë');
  const contact = (p: number, kind: string, value: string) => run(`insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?,?,?,?,?)`, p, kind, value, now, now);
  contact(maya, 'phone', '+447700900123');
  contact(maya, 'email', 'maya.7700900@example.com');
  contact(omar, 'phone', '+13125550147');
  const conversation = run(`insert into conversations (patient_id, created_at, updated_at) values (?, ?, ?)`, maya, now, now);
  run(`insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?,?,'inbound','sms','+447700900123','Can I move my appointment?','patient',?)`, conversation, maya, now);
  return { maya, omar };
}

const names = (sqlite: Database.Database, q: string) =>
  (sqlite.prepare(`select rowid from patients_fts where patients_fts match ? order by rowid`).all(q) as Array<{ rowid: number }>).map((r) => r.rowid);
const phones = (sqlite: Database.Database, digits: string) =>
  (
    sqlite
      .prepare(`select cp.patient_id as id from contact_points cp where cp.id in (select rowid from phone_digits_fts where phone_digits_fts match ?) order by cp.patient_id`)
      .all(`"${digits}"`) as Array<{ id: number }>
  ).map((r) => r.id);
const words = (sqlite: Database.Database, q: string) =>
  (sqlite.prepare(`select rowid from messages_fts where messages_fts match ?`).all(q) as Array<{ rowid: number }>).map((r) => r.rowid);

describe('the search-index migration', () => {
  it('makes patients, phones and messages written before it findable, and keeps every row', () => {
    const file = path.join(makeTempDir('frontdesk-search-db-'), 'frontdesk.sqlite');
    dirs.push(path.dirname(file));
    const old = open(file, migrationsBefore('_patient_search', dirs));
    const { maya, omar } = seed(old.sqlite);
    const count = (sqlite: Database.Database, table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const before = { patients: count(old.sqlite, 'patients'), contacts: count(old.sqlite, 'contact_points'), messages: count(old.sqlite, 'messages') };
    old.sqlite.close();

    const { sqlite, versionBefore, versionAfter } = open(file);
    expect(versionAfter).toBeGreaterThan(versionBefore);
    expect({ patients: count(sqlite, 'patients'), contacts: count(sqlite, 'contact_points'), messages: count(sqlite, 'messages') }).toEqual(before);

    expect(names(sqlite, '"Bennett"*')).toEqual([maya]);
    expect(names(sqlite, '"maya"* "benn"*')).toEqual([maya]);
    expect(names(sqlite, '"zoe"* "bronte"*')).toHaveLength(1); // diacritics folded, as typed without them
    expect(names(sqlite, '"Shah"*')).toEqual([omar]);
    // Phones only (not the email with the same digits), matched anywhere in the number.
    expect(phones(sqlite, '7700900123')).toEqual([maya]);
    expect(phones(sqlite, '7700900')).toEqual([maya]);
    expect(phones(sqlite, '0147')).toEqual([omar]);
    expect(phones(sqlite, '555')).toEqual([omar]);
    expect(words(sqlite, '"appo"*')).toEqual([1]);
    expect(words(sqlite, '"a"*')).toEqual([1]);
    sqlite.close();
  });

  it('follows patients and phones as they are created, edited and deleted', () => {
    const file = path.join(makeTempDir('frontdesk-search-db-'), 'frontdesk.sqlite');
    dirs.push(path.dirname(file));
    const { sqlite } = open(file);
    const { maya, omar } = seed(sqlite);
    sqlite.prepare(`update patients set last_name = 'Bennet-Cole' where id = ?`).run(maya);
    expect(names(sqlite, '"Bennett"*')).toEqual([]);
    expect(names(sqlite, '"cole"*')).toEqual([maya]);
    // An unrelated column changes nothing in the index.
    sqlite.prepare(`update patients set language = 'es' where id = ?`).run(maya);
    expect(names(sqlite, '"cole"*')).toEqual([maya]);

    sqlite.prepare(`update contact_points set value = '+447700900999' where patient_id = ? and kind = 'phone'`).run(maya);
    expect(phones(sqlite, '900123')).toEqual([]);
    expect(phones(sqlite, '900999')).toEqual([maya]);
    sqlite.prepare(`update contact_points set kind = 'email', value = 'x900999@example.com' where patient_id = ? and kind = 'phone'`).run(maya);
    expect(phones(sqlite, '900999')).toEqual([]);

    sqlite.prepare(`delete from contact_points where patient_id = ?`).run(omar);
    expect(phones(sqlite, '0147')).toEqual([]);
    sqlite.prepare(`delete from patients where id = ?`).run(omar);
    expect(names(sqlite, '"Shah"*')).toEqual([]);
    // The external-content index still agrees with the patients table after all of that.
    expect(() => sqlite.prepare(`insert into patients_fts(patients_fts) values ('integrity-check')`).run()).not.toThrow();
    sqlite.close();
  });
});
