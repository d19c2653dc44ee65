/**
 * Reminders follow an import: appointments imported for tomorrow get their reminders planned;
 * a re-import that moves one and drops another (full-day export, "cancel absent") cancels their
 * queued reminders and plans the moved one again at its new time — through the same change path
 * a staff edit takes (AppointmentsService listeners → the scheduler's appointment sync).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { TestCore } from '../core-thread/test-core';
import { importTestCore, MANAGER, newJobId } from '../core-thread/import-test-core';

let t: TestCore;
const ZONE = 'America/New_York';
const header = 'Appt ID,MRN,First,Last,Mobile,Start,Provider\n';
const mapping = {
  columns: {
    'appointment.externalId': 'Appt ID',
    'patient.externalId': 'MRN',
    'patient.firstName': 'First',
    'patient.lastName': 'Last',
    'patient.mobile': 'Mobile',
    'appointment.dateTime': 'Start',
    'appointment.clinician': 'Provider',
  },
  dateOrder: 'MDY' as const,
};

async function importRows(rows: string[], cancelAbsent: boolean) {
  const jobId = newJobId();
  await t.must('import.dryRun', { jobId, content: { text: header + rows.join('\n') }, source: 'pms', kind: 'combined', mapping, options: { cancelAbsent } }, MANAGER);
  return t.must('import.apply', { jobId }, MANAGER);
}

interface ReminderRow {
  id: number;
  appointmentId: number;
  dedupeKey: string;
  state: string | null;
  reasonCode: string | null;
}
const reminders = (): ReminderRow[] =>
  t.core.db.$client
    .prepare(
      `select m.id, m.appointment_id as appointmentId, m.dedupe_key as dedupeKey, d.state, d.reason_code as reasonCode
       from messages m left join deliveries d on d.id = (select max(id) from deliveries where message_id = m.id)
       where m.origin = 'reminder' order by m.id`,
    )
    .all() as ReminderRow[];
const appointmentId = (externalId: string) =>
  (t.core.db.$client.prepare('select id from appointments where external_id = ?').get(externalId) as { id: number }).id;

beforeAll(async () => {
  t = await importTestCore();
  // The import's booked notices go the day before; this test is about the reminders themselves.
  await t.must('scheduler.updateSettings', { noticeSkipHours: 0 });
  // 10:00 in New York on the day before the appointments.
  t.clock.set(DateTime.fromISO('2026-01-15T10:00', { zone: ZONE }).toMillis());
});
afterAll(async () => {
  await t.dispose();
});

describe('reminders follow imported appointment changes', () => {
  it('plans reminders for imported appointments, cancels them for a dropped one and re-plans a moved one', async () => {
    await importRows(
      [
        'R-1,P-1,Rosa,Reyes,(202) 555-0131,01/16/2026 09:00,Dr. Chen',
        'R-2,P-2,Sam,Stone,(202) 555-0132,01/16/2026 09:30,Dr. Chen',
        'R-3,P-3,Tia,Tran,(202) 555-0133,01/16/2026 09:45,Dr. Patel',
      ],
      false,
    );
    const [r1, r2, r3] = [appointmentId('R-1'), appointmentId('R-2'), appointmentId('R-3')];
    await expect.poll(() => new Set(reminders().map((r) => r.appointmentId)).size, { timeout: 10_000 }).toBe(3);
    const first = reminders();
    expect(first.every((r) => r.state === 'queued' || r.state === 'held')).toBe(true);

    t.clock.advance(60_000);
    await importRows(['R-1,P-1,Rosa,Reyes,(202) 555-0131,01/16/2026 09:50,Dr. Chen', 'R-3,P-3,Tia,Tran,(202) 555-0133,01/16/2026 09:45,Dr. Patel'], true);
    const before = new Set(first.map((r) => r.id));
    await expect.poll(() => reminders().filter((r) => !before.has(r.id) && r.appointmentId === r1).length, { timeout: 10_000 }).toBeGreaterThan(0);

    const now = reminders();
    const old = (id: number) => now.filter((r) => before.has(r.id) && r.appointmentId === id);
    // The dropped appointment's and the moved appointment's earlier reminders are cancelled…
    expect(old(r2).length).toBeGreaterThan(0);
    expect(old(r2).every((r) => r.state === 'cancelled' && r.reasonCode === 'appointment_changed')).toBe(true);
    expect(old(r1).every((r) => r.state === 'cancelled')).toBe(true);
    // …the moved one is reminded again for its new time (schedule revision 1)…
    expect(now.filter((r) => !before.has(r.id) && r.appointmentId === r1).every((r) => r.dedupeKey.includes(`${r1}:1`))).toBe(true);
    // …and the unchanged one keeps its reminder.
    expect(old(r3).every((r) => r.state !== 'cancelled')).toBe(true);
    expect(now.some((r) => !before.has(r.id) && r.appointmentId === r2)).toBe(false);
  });
});
