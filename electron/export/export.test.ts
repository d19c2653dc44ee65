/** Exports: patients with consent per channel and purpose, appointments with confirmation, message history; all audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { TestCore } from '../core-thread/test-core';
import { importTestCore, MANAGER } from '../core-thread/import-test-core';
import { csvCell, csvText } from './csv-text';
import { ensurePatientConversation } from '../repos/conversations-repo';

let t: TestCore;
let patientId = 0;
const RECEPTION = 'reception-session';

beforeAll(async () => {
  t = await importTestCore();
  await t.must('staff.create', { username: 'rita', displayName: 'Rita', role: 'receptionist', password: 'receptionist-pass' });
  await t.must('auth.signIn', { username: 'rita', password: 'receptionist-pass' }, RECEPTION);
  const p = await t.must('patients.create', {
    firstName: 'Maria',
    lastName: 'Garcia, "Mari"',
    externalId: '=HYPERLINK("x")',
    contactPoints: [{ kind: 'phone', value: '(202) 555-0143' }, { kind: 'email', value: 'm@example.com' }],
  });
  patientId = p.id;
  const now = t.clock.now();
  t.core.db.$client
    .prepare(`insert into consent_events (patient_id, channel, purpose, status, source, created_at) values (?, 'sms', 'marketing', 'opted_in', 'staff', ?), (?, 'sms', 'marketing', 'opted_out', 'sms_keyword', ?)`)
    .run(p.id, now, p.id, now + 1);
  t.core.db.$client.prepare(`insert into consent_events (patient_id, channel, purpose, status, source, created_at) values (?, 'email', 'marketing', 'opted_in', 'staff', ?)`).run(p.id, now);
  const a = await t.must('appointments.create', { patientId: p.id, clinician: 'Dr. Chen', startsAt: Date.parse('2026-02-10T14:00:00Z') });
  t.core.db.$client.prepare(`update appointments set status = 'confirmed', confirmed_at = ?, confirmed_via = 'sms' where id = ?`).run(now, a.id);
  const conv = ensurePatientConversation(t.core.db, p.id, now);
  t.core.db.$client
    .prepare(`insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, created_at) values (?, ?, 'outbound', 'sms', '+12025550143', 'See you, Maria', 'staff', ?)`)
    .run(conv.id, p.id, now);
});
afterAll(async () => {
  await t.dispose();
});

const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Array<Record<string, string>>;

describe('exports', () => {
  it('patients with the latest consent per channel and purpose, and defaults where none was recorded', async () => {
    const out = await t.must('export.patients', {}, MANAGER);
    const [row] = rowsOf(out.csv);
    expect(out.rows).toBe(1);
    expect(row).toMatchObject({
      last_name: 'Garcia, "Mari"',
      external_id: `'=HYPERLINK("x")`,
      phones: '+12025550143',
      consent_sms_marketing: 'opted_out',
      consent_email_marketing: 'opted_in',
      consent_whatsapp_marketing: 'no_opt_in',
      consent_sms_transactional: 'no_objection',
    });
  });

  it('appointments with confirmation state, in the clinic’s time zone', async () => {
    const out = await t.must('export.appointments', { from: '2026-02-10', to: '2026-02-10' }, MANAGER);
    expect(rowsOf(out.csv)).toEqual([
      expect.objectContaining({ start: '2026-02-10T09:00-05:00', status: 'confirmed', confirmed: 'yes', confirmed_via: 'sms', clinician: 'Dr. Chen' }),
    ]);
    expect((await t.must('export.appointments', { from: '2026-02-11' }, MANAGER)).rows).toBe(0);
  });

  it('message history: everything for a manager, one patient’s for a receptionist; every export is audited', async () => {
    expect((await t.call('export.messages', {}, RECEPTION)).ok).toBe(false);
    const all = await t.must('export.messages', {}, MANAGER);
    const one = await t.must('export.patientMessages', { patientId }, RECEPTION);
    // Other producers (an appointment confirmation) may have written messages too.
    expect(rowsOf(one.csv)).toContainEqual(expect.objectContaining({ body: 'See you, Maria', direction: 'outbound', channel: 'sms' }));
    expect(all.rows).toBe(one.rows);
    expect(rowsOf(all.csv).every((r) => r.patient_id === String(patientId))).toBe(true);
    const audit = await t.must('audit.list', { limit: 10 }, MANAGER);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['export.patients', 'export.appointments', 'export.messages', 'export.patientMessages']),
    );
    expect(audit.find((a) => a.action === 'export.patientMessages')?.detail).toMatchObject({ patientId, rows: one.rows });
  });

  it('CSV cells: quotes doubled, formulas defused, phone numbers kept', () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('+12025550143')).toBe('+12025550143');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('+cmd|x')).toBe("'+cmd|x");
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('a whole CSV: Excel byte-order mark, CRLF line ends, and it reads back cell for cell', () => {
    const { csv, rows } = csvText(['Name', 'Note'], [['Zoë "Z"', '=1+1'], ['Ben', 'two\nlines']]);
    expect(rows).toBe(2);
    expect(csv.startsWith('\uFEFFName,Note\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([['Name', 'Note'], ['Zoë "Z"', "'=1+1"], ['Ben', 'two\nlines']]);
  });
});
