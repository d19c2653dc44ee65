/**
 * The deferred-search-index migration (0009): a database at 0008 keeps every row and every index
 * entry, what was searchable stays searchable, and the re-created triggers keep the indexes in
 * step with ordinary writes exactly as before (no deferral row, so no row is skipped).
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

const run = (s: Database.Database, source: string, ...params: unknown[]) => Number(s.prepare(source).run(...params).lastInsertRowid);
const ids = (s: Database.Database, source: string, ...params: unknown[]) => (s.prepare(source).all(...params) as Array<{ id: number }>).map((r) => r.id);
const names = (s: Database.Database, q: string) => ids(s, `select rowid as id from patients_fts where patients_fts match ? order by rowid`, q);
const phones = (s: Database.Database, digits: string) => ids(s, `select rowid as id from phone_digits_fts where phone_digits_fts match ? order by rowid`, `"${digits}"`);
const words = (s: Database.Database, q: string) => ids(s, `select rowid as id from messages_fts where messages_fts match ? order by rowid`, q);
const count = (s: Database.Database, table: string) => (s.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

function seed(s: Database.Database): void {
  const now = clock.now();
  for (let i = 0; i < 200; i++) {
    const p = run(s, `insert into patients (first_name, last_name, created_at, updated_at) values (?, ?, ?, ?)`, `Given${i}`, i % 2 ? 'Bennett' : 'Shah', now, now);
    run(s, `insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?, 'phone', ?, ?, ?)`, p, `+1212555${1000 + i}`, now, now);
  }
  const conversation = run(s, `insert into conversations (patient_id, created_at, updated_at) values (1, ?, ?)`, now, now);
  for (let i = 0; i < 50; i++) {
    run(s, `insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?, 1, 'outbound', 'sms', '+12125551000', ?, 'broadcast', ?)`, conversation, i % 5 ? 'Closed on Friday' : 'Your appointment is tomorrow', now);
  }
}

describe('the deferred-search-index migration', () => {
  it('keeps every row and index entry of a database at 0008, and the triggers index ordinary writes as before', () => {
    const file = path.join(makeTempDir('frontdesk-deferred-db-'), 'frontdesk.sqlite');
    dirs.push(path.dirname(file));
    const old = open(file, migrationsBefore('_deferred_search_index', dirs));
    seed(old.sqlite);
    const tables = ['patients', 'contact_points', 'messages', 'patients_fts', 'phone_digits_fts', 'messages_fts'];
    const before = Object.fromEntries(tables.map((t) => [t, count(old.sqlite, t)]));
    const found = { bennett: names(old.sqlite, 'bennett'), phone: phones(old.sqlite, '5551042'), friday: words(old.sqlite, 'fri*') };
    old.sqlite.close();

    const { sqlite: s, versionBefore, versionAfter } = open(file);
    // Every later migration runs too; the ones after this change indexes, not these rows.
    expect(versionAfter).toBeGreaterThan(versionBefore);
    expect(Object.fromEntries(tables.map((t) => [t, count(s, t)]))).toEqual(before);
    expect({ bennett: names(s, 'bennett'), phone: phones(s, '5551042'), friday: words(s, 'fri*') }).toEqual(found);
    expect(found.bennett).toHaveLength(100);
    expect(found.friday).toHaveLength(40);
    expect(s.prepare('select count(*) as n from search_index_deferrals').get()).toEqual({ n: 0 });

    // Ordinary writes after the migration: insert, edit, delete, each followed by the index.
    const now = clock.now();
    const maya = run(s, `insert into patients (first_name, last_name, created_at, updated_at) values ('Maya', 'Okafor', ?, ?)`, now, now);
    const phone = run(s, `insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?, 'phone', '+447700900123', ?, ?)`, maya, now, now);
    const message = run(s, `insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (1, 'inbound', 'sms', '+447700900123', 'Can I move my appointment?', 'patient', ?)`, now);
    expect(names(s, 'okafor')).toEqual([maya]);
    expect(phones(s, '7700900')).toEqual([phone]);
    expect(words(s, 'move')).toEqual([message]);
    s.prepare(`update patients set last_name = 'Okafor-Reid' where id = ?`).run(maya);
    s.prepare(`update contact_points set value = '+447700900999' where id = ?`).run(phone);
    s.prepare(`update messages set body = 'Can I cancel?' where id = ?`).run(message);
    expect(names(s, 'reid')).toEqual([maya]);
    expect(phones(s, '900123')).toEqual([]);
    expect(phones(s, '900999')).toEqual([phone]);
    expect(words(s, 'move')).toEqual([]);
    expect(words(s, 'cancel')).toEqual([message]);
    s.prepare('delete from messages where id = ?').run(message);
    s.prepare('delete from contact_points where id = ?').run(phone);
    s.prepare('delete from patients where id = ?').run(maya);
    expect({ names: names(s, 'okafor'), phones: phones(s, '900999'), words: words(s, 'cancel') }).toEqual({ names: [], phones: [], words: [] });
    for (const fts of ['patients_fts', 'messages_fts']) {
      expect(() => s.prepare(`insert into ${fts}(${fts}, rank) values ('integrity-check', 1)`).run()).not.toThrow();
    }
    s.close();
  });
});
