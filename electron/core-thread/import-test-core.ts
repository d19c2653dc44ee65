/** Shared by the import and export tests: a signed-in manager on a test core, and CSV helpers. */
import { createTestCore, type TestCore } from './test-core';

export const MANAGER = 'manager-session';

export async function importTestCore(): Promise<TestCore> {
  const t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'admin-password' });
  await t.must('staff.create', { username: 'mona', displayName: 'Mona Manager', role: 'manager', password: 'manager-password' });
  await t.must('auth.signIn', { username: 'mona', password: 'manager-password' }, MANAGER);
  return t;
}

let seq = 0;
export const newJobId = () => `job-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export const b64 = (bytes: Buffer | string) => ({ base64: Buffer.from(bytes).toString('base64') });

/** Every row of every domain table, to compare the database before and after. */
export function tableSnapshot(t: TestCore, tables = ['patients', 'contact_points', 'appointments', 'consent_events', 'import_mappings']): string {
  return JSON.stringify(tables.map((table) => t.core.db.$client.prepare(`select * from ${table} order by rowid`).all()));
}
