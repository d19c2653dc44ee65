/**
 * Apply writes new patients and contact points a batch per statement, with ids it gives itself:
 * every contact point must still land on its own patient across batch boundaries, between
 * updates and unchanged rows, and no id of a deleted patient may be handed out again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import { b64, importTestCore, MANAGER, newJobId } from '../core-thread/import-test-core';

let t: TestCore;
const mapping = {
  columns: { 'patient.externalId': 'id', 'patient.firstName': 'first', 'patient.lastName': 'last', 'patient.mobile': 'mobile', 'patient.email': 'email' },
  dateOrder: 'MDY' as const,
};
const phoneOf = (i: number) => `+1212${String(2000000 + i)}`;
function file(rows: number[], renamed: (i: number) => boolean = () => false): string {
  const lines = ['id,first,last,mobile,email'];
  for (const i of rows) lines.push(`E${i},${renamed(i) ? 'Renamed' : 'First'}${i},Last${i},${phoneOf(i)},e${i}@example.com`);
  return `${lines.join('\n')}\n`;
}
const apply = async (csv: string) => {
  const jobId = newJobId();
  await t.must('import.dryRun', { jobId, content: b64(csv), source: 'batches', kind: 'patients', mapping }, MANAGER);
  return t.must('import.apply', { jobId }, MANAGER);
};
const all = (sql: string) => t.core.db.$client.prepare(sql).all() as Array<Record<string, unknown>>;

beforeAll(async () => {
  t = await importTestCore();
});
afterAll(async () => {
  await t.dispose();
});

describe('batched apply', () => {
  it('gives each new patient a new id and its own contact points, across batches and between updates', async () => {
    // Every third of the first 300 patients exists already; the newest of them is then deleted,
    // so the next id SQLite would give is above every id in the table.
    await apply(file(Array.from({ length: 100 }, (_, k) => k * 3)));
    const newest = all('select max(id) as id from patients')[0]?.id as number;
    t.core.db.$client.prepare('delete from patients where id = ?').run(newest);

    // 4,500 rows: creates, unchanged rows and renames (updates) mixed, across three batches.
    const report = await apply(file(Array.from({ length: 4500 }, (_, i) => i), (i) => i % 3 === 0 && i % 2 === 0));
    expect(report.patients).toEqual({ created: 4401, updated: 50, unchanged: 49 });

    const patients = all('select id, external_id as externalId, first_name as firstName from patients order by id');
    expect(patients).toHaveLength(4500);
    const created = patients.filter((p) => Number(p.id) > newest);
    expect(created).toHaveLength(4401);
    expect(patients.some((p) => p.id === newest)).toBe(false);
    // Every patient has exactly its own row's phone and email, primary, and nobody else's.
    const contacts = all(`select p.external_id as externalId, c.kind, c.value, c.is_primary as isPrimary from contact_points c join patients p on p.id = c.patient_id order by p.id, c.kind`);
    expect(contacts).toHaveLength(9000);
    for (const c of contacts) {
      const i = Number(String(c.externalId).slice(1));
      expect(c.value).toBe(c.kind === 'phone' ? phoneOf(i) : `e${i}@example.com`);
      expect(c.isPrimary).toBe(1);
    }
    expect(patients.find((p) => p.externalId === 'E6')?.firstName).toBe('Renamed6');
    // The new rows are found by name and by phone digits (indexed after the batches).
    const found = await t.must('patients.search', { query: 'Last4499' }, MANAGER);
    expect(found.items.map((p) => p.externalId)).toEqual(['E4499']);
    const byPhone = await t.must('patients.search', { query: phoneOf(2001).slice(2) }, MANAGER);
    expect(byPhone.items.map((p) => p.externalId)).toEqual(['E2001']);
  });

  it('adds only the contact points a known patient lacks, and never takes over a primary', async () => {
    const csv = ['id,first,last,mobile,email', `E1,First1,Last1,+1 212 555 0199,e1@example.com`, `E2,First2,Last2,${phoneOf(2)},new2@example.com`].join('\n');
    const report = await apply(`${csv}\n`);
    expect(report.patients).toEqual({ created: 0, updated: 2, unchanged: 0 });
    const of = (externalId: string) =>
      all(`select c.kind, c.value, c.is_primary as isPrimary from contact_points c join patients p on p.id = c.patient_id where p.external_id = '${externalId}' order by c.id`);
    // E1 keeps its phone as the primary one; the file's other phone joins as a second.
    expect(of('E1')).toEqual([
      { kind: 'phone', value: phoneOf(1), isPrimary: 1 },
      { kind: 'email', value: 'e1@example.com', isPrimary: 1 },
      { kind: 'phone', value: '+12125550199', isPrimary: 0 },
    ]);
    expect(of('E2')).toEqual([
      { kind: 'phone', value: phoneOf(2), isPrimary: 1 },
      { kind: 'email', value: 'e2@example.com', isPrimary: 1 },
      { kind: 'email', value: 'new2@example.com', isPrimary: 0 },
    ]);
    // The same file again finds nothing new.
    expect((await apply(`${csv}\n`)).patients).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });
});
