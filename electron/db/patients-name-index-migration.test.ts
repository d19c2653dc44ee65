/**
 * Dropping patients_name_idx (0011): it was a prefix of patients_name_dob_idx, so every patient
 * insert (100,000 of them in an import) kept a B-tree that no query needed. A database at 0010
 * keeps every patient, and the readers by name (the list's order, a surname lookup, the import's
 * name + date-of-birth match) search the wider index instead of scanning.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { migrationsBefore } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER, queryPlan } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
const open = (file: string, migrationsFolder = MIGRATIONS_FOLDER) => openDatabase({ file, migrationsFolder, clock, logger: memoryLogger() });

describe('patients name index migration', () => {
  it('keeps every patient and name lookups search the name + date-of-birth index', () => {
    const file = path.join(makeTempDir('frontdesk-name-index-db-'), 'frontdesk.db');
    dirs.push(path.dirname(file));
    const before = open(file, migrationsBefore('_drop_patients_name_idx', dirs));
    const insert = before.sqlite.prepare(
      `insert into patients (first_name, last_name, date_of_birth, created_at, updated_at) values (?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 60; i++) insert.run(`First${i % 7}`, `Last${i % 11}`, `19${50 + (i % 40)}-01-0${1 + (i % 9)}`, clock.now(), clock.now());
    const was = before.sqlite.prepare('select * from patients order by id').all();
    expect(queryPlan(before.sqlite, 'select id from patients where last_name = ?', 'Last3')).toContain('patients_name_idx');
    before.sqlite.close();

    const after = open(file);
    try {
      const s = after.sqlite;
      expect(s.prepare('select * from patients order by id').all()).toEqual(was);
      expect(s.prepare(`select name from sqlite_master where type = 'index' and name = 'patients_name_idx'`).get()).toBeUndefined();
      expect(queryPlan(s, 'select id from patients where last_name = ?', 'Last3')).toContain('patients_name_dob_idx');
      expect(queryPlan(s, 'select id from patients where last_name = ? and first_name = ?', 'Last3', 'First3')).toContain('patients_name_dob_idx');
      expect(queryPlan(s, 'select id from patients order by last_name, first_name limit 50')).toContain('patients_name_dob_idx');
      const found = s.prepare('select count(*) n from patients where last_name = ?').get('Last3') as { n: number };
      expect(found.n).toBe((was as Array<{ last_name: string }>).filter((p) => p.last_name === 'Last3').length);
    } finally {
      after.sqlite.close();
    }
  });
});
