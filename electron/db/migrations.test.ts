/**
 * Migrations: an empty database migrates; a database at each earlier version, with data in it,
 * migrates to the newest without losing rows; a database from a newer version is refused and
 * left untouched; every start-up pragma is in force.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase, readJournal } from './open-database';
import { migrationsUpTo } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = makeTempDir('frontdesk-migrations-');
  dirs.push(dir);
  return dir;
}

const clock = new FakeClock(Date.UTC(2026, 5, 1));
const open = (file: string, migrationsFolder = MIGRATIONS_FOLDER) =>
  openDatabase({ file, migrationsFolder, clock, logger: memoryLogger() });

/** Rows every version of the schema since 0000 can hold (written with plain SQL on purpose). */
function seedVersionZeroData(sqlite: Database.Database): void {
  const now = clock.now();
  sqlite.prepare(`insert into staff (username, display_name, role, password_hash, created_at) values ('admin','Admin','admin','x',?)`).run(now);
  const insertPatient = sqlite.prepare(
    `insert into patients (first_name, last_name, date_of_birth, external_id, created_at, updated_at) values (?,?,?,?,?,?)`,
  );
  for (let i = 0; i < 25; i++) insertPatient.run(`First${i}`, `Last${i}`, '1980-01-02', `MRN${i}`, now, now);
  sqlite.prepare(`insert into contact_points (patient_id, kind, value, created_at, updated_at) values (1,'phone','+15555550100',?,?)`).run(now, now);
  sqlite.prepare(`insert into appointments (patient_id, clinician, starts_at, created_at, updated_at) values (1,'Dr Who',?,?,?)`).run(now + 86_400_000, now, now);
  sqlite.prepare(`insert into conversations (patient_id, created_at, updated_at) values (1,?,?)`).run(now, now);
  const insertMessage = sqlite.prepare(
    `insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (1,1,?,?,?,?,?,?)`,
  );
  insertMessage.run('outbound', 'sms', '+15555550100', 'Your appointment with Dr Who is tomorrow', 'staff', now);
  insertMessage.run('inbound', 'sms', '+15555550100', 'Thanks, see you then', 'patient', now);
  sqlite.prepare(`insert into audit_log (at, staff_id, action) values (?,1,'seed')`).run(now);
}

function rowCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite
    .prepare(`select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not like 'messages_fts%'`)
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [name, (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
  );
}

const journal = readJournal(MIGRATIONS_FOLDER);

describe('opening and migrating the store', () => {
  it('migrates an empty database to the newest version with WAL, FULL sync, foreign keys, a busy timeout and temp storage in memory', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    const opened = open(file);
    expect(opened.versionBefore).toBe(0);
    expect(opened.versionAfter).toBe(journal.length);
    expect(opened.backupFile).toBeNull();
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    // Statement journals in memory: a bulk write's would otherwise spill to a temp file per row.
    expect(opened.sqlite.pragma('temp_store', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('user_version', { simple: true })).toBe(journal.length);
    opened.sqlite.close();
  });

  it('reopening an up-to-date database changes nothing and makes no backup', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    open(file).sqlite.close();
    const again = open(file);
    expect(again.versionBefore).toBe(journal.length);
    expect(again.backupFile).toBeNull();
    again.sqlite.close();
  });

  for (let version = 1; version < journal.length; version++) {
    it(`a database at version ${version} (${journal[version - 1]?.tag}) with data migrates without losing rows`, () => {
      const file = path.join(tempDir(), 'frontdesk.sqlite');
      const old = open(file, migrationsUpTo(version, dirs));
      expect(old.versionAfter).toBe(version);
      seedVersionZeroData(old.sqlite);
      const before = rowCounts(old.sqlite);
      old.sqlite.close();

      const migrated = open(file);
      expect(migrated.versionBefore).toBe(version);
      expect(migrated.versionAfter).toBe(journal.length);
      const after = rowCounts(migrated.sqlite);
      for (const [table, count] of Object.entries(before)) expect(after[table], table).toBe(count);

      // The pre-migration copy holds the old data at the old version.
      expect(migrated.backupFile).not.toBeNull();
      const copy = new Database(migrated.backupFile as string, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(version);
      expect(rowCounts(copy)).toEqual(before);
      copy.close();

      // Messages written before the FTS index existed are searchable after it.
      const hits = migrated.sqlite.prepare(`select rowid from messages_fts where messages_fts match 'appointment'`).all();
      expect(hits).toHaveLength(1);
      migrated.sqlite.close();
    });
  }

  it('refuses a database written by a newer version with a clear error and leaves the file byte-for-byte unchanged', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    const opened = open(file);
    opened.sqlite.pragma(`user_version = ${journal.length + 3}`);
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    opened.sqlite.close();
    const hash = () => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const before = hash();
    let error: unknown;
    try {
      open(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code).toBe('newer_version');
    expect((error as Error).message).toMatch(/newer version of Frontdesk/);
    expect(hash()).toBe(before);
  });

  it('refuses a damaged file instead of migrating it', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    fs.writeFileSync(file, Buffer.alloc(8192, 7));
    expect(() => open(file)).toThrow();
  });

  it('checks every page before migrating, and refuses a file with a damaged page', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    const old = open(file, migrationsUpTo(journal.length - 1, dirs));
    seedVersionZeroData(old.sqlite);
    old.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = old.sqlite.pragma('page_size', { simple: true }) as number;
    old.sqlite.close();
    // The last page holds table or index rows; the schema on page 1 still reads.
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, size - pageSize);
    fs.closeSync(fd);
    let error: unknown;
    try {
      open(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code).toBe('corrupt');
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(journal.length - 1);
    copy.close();
  });
});

describe('append-only history', () => {
  it('the audit log and consent history reject updates and deletes', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    const { sqlite } = open(file);
    seedVersionZeroData(sqlite);
    sqlite
      .prepare(`insert into consent_events (patient_id, channel, purpose, status, source, created_at) values (1,'sms','marketing','opted_in','staff',1)`)
      .run();
    expect(() => sqlite.prepare(`update audit_log set action = 'tampered'`).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare(`delete from audit_log`).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare(`update consent_events set status = 'opted_out'`).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare(`delete from consent_events`).run()).toThrow(/append-only/);
    expect((sqlite.prepare(`select action from audit_log`).get() as { action: string }).action).toBe('seed');
    sqlite.close();
  });

  it('the full-text index follows message inserts, edits and deletes', () => {
    const file = path.join(tempDir(), 'frontdesk.sqlite');
    const { sqlite } = open(file);
    seedVersionZeroData(sqlite);
    const search = (q: string) => sqlite.prepare(`select rowid from messages_fts where messages_fts match ? order by rowid`).all(q);
    expect(search('thanks')).toEqual([{ rowid: 2 }]);
    sqlite.prepare(`update messages set body = 'Running late' where id = 2`).run();
    expect(search('thanks')).toEqual([]);
    expect(search('late')).toEqual([{ rowid: 2 }]);
    sqlite.prepare(`delete from messages where id = 2`).run();
    expect(search('late')).toEqual([]);
    sqlite.close();
  });
});
