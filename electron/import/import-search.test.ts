/**
 * Patients an import writes are found by name and by phone digits as soon as apply returns: the
 * import indexes them set-based after its inserts (repos/search-deferred-index.ts), inside its
 * one transaction; a re-import that renames a patient moves the name in the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import { b64, importTestCore, MANAGER, newJobId } from '../core-thread/import-test-core';

let t: TestCore;
beforeAll(async () => {
  t = await importTestCore();
});
afterAll(() => t.dispose());

const mapping = {
  columns: { 'patient.externalId': 'MRN', 'patient.firstName': 'First', 'patient.lastName': 'Last', 'patient.dateOfBirth': 'DOB', 'patient.mobile': 'Mobile' },
  dateOrder: 'MDY' as const,
};

async function importCsv(csv: string): Promise<void> {
  const jobId = newJobId();
  await t.must('import.dryRun', { jobId, content: b64(csv), source: 'search-test', kind: 'patients', mapping }, MANAGER);
  await t.must('import.apply', { jobId }, MANAGER);
}

const ids = (sql: string, ...params: unknown[]) => (t.core.db.$client.prepare(sql).all(...params) as Array<{ id: number }>).map((r) => r.id);
const byName = (q: string) => ids(`select rowid as id from patients_fts where patients_fts match ? order by rowid`, q);
const byPhone = (digits: string) =>
  ids(`select distinct patient_id as id from contact_points where id in (select rowid from phone_digits_fts where phone_digits_fts match ?) order by 1`, `"${digits}"`);

describe('search after an import', () => {
  it('finds imported patients by name and phone digits right after apply, and follows a rename on re-import', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `M${i},Given${i},${i === 7 ? 'Bennett' : `Family${i}`},1/2/1980,(212) 555-${String(1000 + i)}`);
    await importCsv(`MRN,First,Last,DOB,Mobile\r\n${rows.join('\r\n')}\r\n`);
    const bennett = byName('"bennett"*');
    expect(bennett).toHaveLength(1);
    expect(byName('"given7"')).toEqual(bennett);
    expect(byPhone('5551007')).toEqual(bennett);
    expect(byPhone('2125551')).toHaveLength(600);

    await importCsv(`MRN,First,Last,DOB,Mobile\r\nM7,Given7,Okafor,1/2/1980,(212) 555-1007\r\n`);
    expect(byName('"bennett"*')).toEqual([]);
    expect(byName('"okafor"')).toEqual(bennett);
    const s = t.core.db.$client;
    expect(() => s.prepare(`insert into patients_fts(patients_fts, rank) values ('integrity-check', 1)`).run()).not.toThrow();
    expect(s.prepare('select count(*) as n from search_index_deferrals').get()).toEqual({ n: 0 });
    expect((await t.must('patients.search', { query: 'Okafor' }, MANAGER)).total).toBe(1);
  });
});
