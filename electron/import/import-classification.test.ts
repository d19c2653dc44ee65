/**
 * What the dry run says about surprising rows: appointments in the past are warned about (with
 * how many and which lines) and still imported; a clinician booked twice at once is warned about;
 * every problem of a bad row is reported, not only the first; a row cancelling an appointment
 * Frontdesk has is a cancellation (by its id, or a Frontdesk booking at that time), and a
 * cancelled row with nothing to cancel is "cancelled at source", not "unchanged".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { TestCore } from '../core-thread/test-core';
import { b64, importTestCore, MANAGER, newJobId, tableSnapshot } from '../core-thread/import-test-core';

const ZONE = 'America/New_York';
let t: TestCore;
beforeEach(async () => {
  t = await importTestCore();
});
afterEach(async () => {
  await t.dispose();
});

const header = 'Appt ID,MRN,Patient Name,Phone,Email,Appt Date,Appt Time,Duration,Provider,Status\n';
const mapping = {
  columns: {
    'appointment.externalId': 'Appt ID',
    'patient.externalId': 'MRN',
    'patient.fullName': 'Patient Name',
    'patient.mobile': 'Phone',
    'patient.email': 'Email',
    'appointment.date': 'Appt Date',
    'appointment.time': 'Appt Time',
    'appointment.duration': 'Duration',
    'appointment.clinician': 'Provider',
    'appointment.status': 'Status',
  },
  dateOrder: 'MDY' as const,
};

async function dryRun(rows: string[]) {
  const jobId = newJobId();
  const report = await t.must('import.dryRun', { jobId, content: b64(header + rows.join('\n')), source: 'pms', kind: 'appointments', mapping, options: {} }, MANAGER);
  return { jobId, report };
}

/** The test core's clock is 2026-01-15 10:00 in New York. */
const day = (offset: number) => DateTime.fromISO('2026-01-15', { zone: ZONE }).plus({ days: offset }).toFormat('MM/dd/yyyy');

describe('import dry run: warnings and classifications', () => {
  it('warns about appointments in the past with how many and which lines, and imports them all the same', async () => {
    const { jobId, report } = await dryRun([
      `V-1,M-1,"Garcia, Maria",+12125550101,,${day(-270)},9:00 AM,30,Dr. Chen,Scheduled`,
      `V-2,M-2,"Okafor, Ben",+12125550102,,${day(-269)},10:00 AM,30,Dr. Chen,Scheduled`,
      `V-3,M-3,"Novak, Ivana",+12125550103,,${day(3)},10:00 AM,30,Dr. Chen,Scheduled`,
    ]);
    expect(report.rejected).toBe(0);
    expect(report.appointments.created).toBe(3);
    expect(report.warnings).toEqual([
      { code: 'past_appointments', count: 2, message: expect.stringContaining('2 appointments are in the past') as string, lines: [2, 3] },
    ]);
    const applied = await t.must('import.apply', { jobId }, MANAGER);
    expect(applied.appointments.created).toBe(3);
  });

  it('warns when one clinician is booked twice at once, in the file or against Frontdesk, but not for two clinicians', async () => {
    const patient = await t.must('patients.create', { firstName: 'Staff', lastName: 'Booked', contactPoints: [] }, MANAGER);
    const at = DateTime.fromISO(`2026-01-20T14:00`, { zone: ZONE }).toMillis();
    await t.must('appointments.create', { patientId: patient.id, clinician: 'Dr. Patel', startsAt: at, durationMinutes: 30 }, MANAGER);
    const { report } = await dryRun([
      `V-1,M-1,"Garcia, Maria",+12125550101,,${day(2)},9:00 AM,45,Dr. Chen,Scheduled`,
      `V-2,M-2,"Okafor, Ben",+12125550102,,${day(2)},9:30 AM,30,Dr. Chen,Scheduled`,
      `V-3,M-3,"Novak, Ivana",+12125550103,,${day(2)},9:30 AM,30,Dr. Rivera,Scheduled`,
      `V-4,M-4,"Lee, Ann",+12125550104,,${day(5)},2:15 PM,30,Dr. Patel,Scheduled`,
    ]);
    expect(report.warnings).toEqual([{ code: 'overlapping_bookings', count: 3, message: expect.stringContaining('3 bookings overlap') as string, lines: [2, 3, 5] }]);
  });

  it('reports every problem of a row, each with its column, and changes nothing', async () => {
    const before = tableSnapshot(t);
    const { report } = await dryRun([
      `V-1,M-1,"Garcia, Maria",not-a-phone,not-an-email,13/45/2026,9:00 AM,30,Dr. Chen,Scheduled`,
      `V-2,M-2,"Okafor, Ben",+12125550102,ben@example.com,${day(2)},9:00 AM,30,Dr. Chen,Scheduled`,
    ]);
    expect(report.rejected).toBe(1);
    expect(report.rejections.filter((r) => r.line === 2).map((r) => r.column)).toEqual(['Phone', 'Email', 'Appt Date']);
    expect(report.appointments.created).toBe(1);
    expect(tableSnapshot(t)).toBe(before);
  });

  it('classifies a row that cancels an existing appointment as a cancellation, and one with nothing to cancel as cancelled at source', async () => {
    const first = await dryRun([
      `V-1,M-1,"Garcia, Maria",+12125550101,,${day(2)},9:00 AM,30,Dr. Chen,Scheduled`,
      `V-2,M-2,"Okafor, Ben",+12125550102,,${day(2)},10:00 AM,30,Dr. Chen,Scheduled`,
    ]);
    await t.must('import.apply', { jobId: first.jobId }, MANAGER);
    // Staff book Maria a second visit in Frontdesk; the practice system then cancels it under its own id.
    const maria = (await t.must('patients.search', { query: 'Garcia' }, MANAGER)).items[0];
    const at = DateTime.fromFormat(`${day(4)} 11:00`, 'MM/dd/yyyy HH:mm', { zone: ZONE }).toMillis();
    await t.must('appointments.create', { patientId: maria?.id ?? 0, clinician: 'Dr. Chen', startsAt: at }, MANAGER);
    const { jobId, report } = await dryRun([
      `V-1,M-1,"Garcia, Maria",+12125550101,,${day(2)},9:00 AM,30,Dr. Chen,Cancelled`,
      `V-9,M-1,"Garcia, Maria",+12125550101,,${day(4)},11:00 AM,30,Dr. Chen,Cancelled`,
      `V-7,M-2,"Okafor, Ben",+12125550102,,${day(6)},10:00 AM,30,Dr. Chen,Cancelled`,
    ]);
    expect(report.appointments).toEqual({ created: 0, moved: 0, updated: 0, cancelled: 2, unchanged: 0, skipped: 1 });
    const applied = await t.must('import.apply', { jobId }, MANAGER);
    expect(applied.appointments.cancelled).toBe(2);
    const statuses = (await t.must('appointments.listForPatient', { patientId: maria?.id ?? 0 }, MANAGER)).map((a) => a.status);
    expect(statuses).toEqual(['cancelled', 'cancelled']);
  });
});
