/**
 * A 10,000-row patient export with 10% broken rows (bad phone, bad date, missing name, bytes in
 * the wrong encoding, duplicated patient id): the dry run names every broken row and why, the
 * valid rows import, and importing the same file again changes nothing.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import { b64, importTestCore, MANAGER, newJobId, tableSnapshot } from '../core-thread/import-test-core';
import { loadPatientIndex, loadPatientIndexInPages } from './import-repo';

const ROWS = 10_000;
type Broken = 'phone' | 'date' | 'name' | 'encoding' | 'duplicate';
const KINDS: Broken[] = ['phone', 'date', 'name', 'encoding', 'duplicate'];

/** Builds the file as bytes: UTF-8, except the "encoding" rows, which are Windows-1252. */
function buildFile(): { bytes: Buffer; broken: Map<number, Broken> } {
  const header = 'Chart No,First Name,Last Name,DOB,Cell Phone,E-mail,Language\r\n';
  const parts: Buffer[] = [Buffer.from(header, 'utf8')];
  const broken = new Map<number, Broken>();
  for (let i = 0; i < ROWS; i++) {
    const line = i + 2;
    const kind = i % 10 === 9 ? KINDS[Math.floor(i / 10) % KINDS.length] : undefined;
    const id = kind === 'duplicate' ? `C${String(i - 9).padStart(6, '0')}` : `C${String(i).padStart(6, '0')}`;
    const first = kind === 'name' ? '' : i % 7 === 0 && kind !== 'encoding' ? 'Zoë' : `Given${i}`;
    const last = `Family${i}`;
    const month = (i % 12) + 1;
    const dob = kind === 'date' ? `02/30/19${String(40 + (i % 60))}` : `${month}/${(i % 28) + 1}/19${String(40 + (i % 60))}`;
    const phone = kind === 'phone' ? '555-01' : `(212) 555-${String(1000 + (i % 9000)).padStart(4, '0')}`;
    const email = i % 3 === 0 ? `given${i}@Example.com` : '';
    const lang = i % 5 === 0 ? 'Spanish' : 'en';
    if (kind) broken.set(line, kind);
    const row = `${id},${first},${kind === 'encoding' ? 'Müller' : last},${dob},${phone},${email},${lang}\r\n`;
    parts.push(kind === 'encoding' ? iconv.encode(row, 'win1252') : Buffer.from(row, 'utf8'));
  }
  return { bytes: Buffer.concat(parts), broken };
}

let t: TestCore;
const file = buildFile();
const mapping = {
  columns: {
    'patient.externalId': 'Chart No',
    'patient.firstName': 'First Name',
    'patient.lastName': 'Last Name',
    'patient.dateOfBirth': 'DOB',
    'patient.mobile': 'Cell Phone',
    'patient.email': 'E-mail',
    'patient.language': 'Language',
  },
  dateOrder: 'MDY' as const,
};

beforeAll(async () => {
  t = await importTestCore();
});
afterAll(async () => {
  await t.dispose();
});

const countPatients = () => (t.core.db.$client.prepare('select count(*) as n from patients').get() as { n: number }).n;

describe('a 10,000-row patient file with 10% broken rows', () => {
  it('the preview guesses the mapping and detects UTF-8 and the comma', async () => {
    const preview = await t.must('import.preview', { content: b64(file.bytes), source: 'easydent' }, MANAGER);
    expect(preview.encoding).toBe('utf-8');
    expect(preview.separator).toBe(',');
    expect(preview.kind).toBe('patients');
    expect(preview.mapping).toEqual(mapping);
    expect(preview.mappingFrom).toBe('guessed');
  });

  it('the dry run reports every broken row with line, column, value and reason, and writes nothing', async () => {
    const before = tableSnapshot(t);
    const report = await t.must('import.dryRun', { jobId: newJobId(), content: b64(file.bytes), source: 'easydent', kind: 'patients', mapping }, MANAGER);
    expect(tableSnapshot(t)).toBe(before);
    expect(report.encoding).toBe('utf-8');
    expect(report.rowCount).toBe(ROWS);
    expect(report.rejected).toBe(file.broken.size);
    expect(report.patients).toEqual({ created: ROWS - file.broken.size, updated: 0, unchanged: 0 });

    const byLine = new Map(report.rejections.map((r) => [r.line, r]));
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual([...file.broken.keys()].sort((a, b) => a - b));
    const expected: Record<Broken, { column: string; value: RegExp; reason: RegExp }> = {
      phone: { column: 'Cell Phone', value: /^555-01$/, reason: /too short for a number in the United States: include the area code/ },
      date: { column: 'DOB', value: /^02\/30\/19\d\d$/, reason: /not a real date/ },
      name: { column: 'First Name', value: /^$/, reason: /first name is missing/ },
      encoding: { column: 'Last Name', value: /\uFFFD/, reason: /not UTF-8/ },
      duplicate: { column: 'patient id', value: /^C\d{6}$/, reason: /also on line \d+/ },
    };
    for (const [line, kind] of file.broken) {
      const r = byLine.get(line);
      const want = expected[kind];
      expect(r?.column, `line ${line} (${kind})`).toBe(want.column);
      expect(r?.value ?? '', `line ${line} (${kind})`).toMatch(want.value);
      expect(r?.reason ?? '', `line ${line} (${kind})`).toMatch(want.reason);
    }
    // The duplicate names the line that holds the id first.
    const dup = [...file.broken].find(([, k]) => k === 'duplicate');
    expect(byLine.get(dup?.[0] ?? 0)?.reason).toContain(`line ${(dup?.[0] ?? 0) - 9}`);
  });

  it('applying imports exactly the valid rows, normalised', async () => {
    const jobId = newJobId();
    await t.must('import.dryRun', { jobId, content: b64(file.bytes), source: 'easydent', kind: 'patients', mapping }, MANAGER);
    const result = await t.must('import.apply', { jobId }, MANAGER);
    expect(result.applied).toBe(true);
    expect(result.patients.created).toBe(ROWS - file.broken.size);
    expect(countPatients()).toBe(ROWS - file.broken.size);

    const zoe = await t.must('patients.search', { query: 'C000007' }, MANAGER);
    const detail = await t.must('patients.get', { id: zoe.items[0]?.id ?? 0 }, MANAGER);
    expect(detail).toMatchObject({ firstName: 'Zoë', lastName: 'Family7', dateOfBirth: '1947-08-08', externalId: 'C000007', language: 'en' });
    const row15 = await t.must('patients.search', { query: 'C000015' }, MANAGER);
    const d15 = await t.must('patients.get', { id: row15.items[0]?.id ?? 0 }, MANAGER);
    expect(d15.language).toBe('es');
    expect(d15.contactPoints.map((c) => [c.kind, c.value])).toEqual([
      ['email', 'given15@example.com'],
      ['phone', '+12125551015'],
    ]);
    // Broken rows are not there, not even partly.
    expect((await t.must('patients.search', { query: 'Müller' }, MANAGER)).total).toBe(0);
    // The mapping is remembered for this source.
    const again = await t.must('import.preview', { content: b64(file.bytes), source: 'easydent' }, MANAGER);
    expect(again.mappingFrom).toBe('saved');
  });

  it('the dry run reads the patient index in pages, and gets the same index as apply’s one read', async () => {
    const whole = loadPatientIndex(t.core.db);
    const paged = await loadPatientIndexInPages(t.core.db, () => Promise.resolve(), 997);
    expect(paged.byId.size).toBe(ROWS - file.broken.size);
    expect([...paged.byId.keys()]).toEqual([...whole.byId.keys()]);
    expect([...paged.contacts.entries()].map(([id, set]) => [id, [...set]])).toEqual([...whole.contacts.entries()].map(([id, set]) => [id, [...set]]));
    expect([...paged.primaries]).toEqual([...whole.primaries]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = tableSnapshot(t);
    const jobId = newJobId();
    const report = await t.must('import.dryRun', { jobId, content: b64(file.bytes), source: 'easydent', kind: 'patients', mapping }, MANAGER);
    expect(report.patients).toEqual({ created: 0, updated: 0, unchanged: ROWS - file.broken.size });
    expect(report.rejected).toBe(file.broken.size);
    await t.must('import.apply', { jobId }, MANAGER);
    expect(tableSnapshot(t)).toBe(before);
  });
});
