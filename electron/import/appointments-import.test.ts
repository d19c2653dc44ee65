/**
 * Appointment re-imports: a moved appointment and one dropped from a full-day export (with
 * "cancel absent") reach the appointment change listeners — the path reminders follow — as a
 * move and a cancel, after the import committed; staff-booked appointments are left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { TestCore } from '../core-thread/test-core';
import type { AppointmentChange } from '../services/appointments-service';
import { b64, importTestCore, MANAGER, newJobId } from '../core-thread/import-test-core';

let t: TestCore;
const changes: AppointmentChange[] = [];
const ZONE = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

const header = 'Appt ID;MRN;Patient Name;Appt Date;Appt Time;Duration;Provider;Location;Status\n';
const day1 = [
  'V-1;M-1;"Garcia, Maria";02/10/2026;9:00 AM;30;Dr. Chen;Main St;Scheduled',
  'V-2;M-2;"Okafor, Ben";02/10/2026;10:00 AM;45;Dr. Chen;Main St;Scheduled',
  'V-3;M-3;"Novak, Ivana";02/10/2026;2:15 PM;30;Dr. Patel;Main St;Confirmed',
  'V-4;M-1;"Garcia, Maria";02/11/2026;16:00;20;Dr. Patel;Elm Ave;Scheduled',
];
const mapping = {
  columns: {
    'appointment.externalId': 'Appt ID',
    'patient.externalId': 'MRN',
    'patient.fullName': 'Patient Name',
    'appointment.date': 'Appt Date',
    'appointment.time': 'Appt Time',
    'appointment.duration': 'Duration',
    'appointment.clinician': 'Provider',
    'appointment.location': 'Location',
    'appointment.status': 'Status',
  },
  dateOrder: 'MDY' as const,
};

async function importFile(rows: string[], cancelAbsent: boolean) {
  const jobId = newJobId();
  const content = b64(header + rows.join('\n') + '\n');
  const dry = await t.must('import.dryRun', { jobId, content, source: 'opendental', kind: 'appointments', mapping, options: { cancelAbsent } }, MANAGER);
  const applied = await t.must('import.apply', { jobId }, MANAGER);
  return { dry, applied };
}

const byExternal = () => {
  const rows = t.core.db.$client.prepare('select * from appointments order by id').all() as Array<{
    id: number;
    external_id: string | null;
    starts_at: number;
    status: string;
    schedule_revision: number;
    duration_minutes: number;
    clinician: string;
  }>;
  return new Map(rows.map((r) => [r.external_id ?? `local-${r.id}`, r]));
};

beforeAll(async () => {
  t = await importTestCore();
  t.core.services.appointments.onChange((c) => changes.push(c));
});
afterAll(async () => {
  await t.dispose();
});

describe('appointment import and re-import', () => {
  it('the guessed mapping reads separate date and time columns, and patients come from the same rows', async () => {
    const preview = await t.must('import.preview', { content: b64(header + day1.join('\n')), source: 'opendental' }, MANAGER);
    expect(preview.kind).toBe('appointments');
    expect(preview.mapping).toEqual(mapping);

    const { dry, applied } = await importFile(day1, false);
    expect(dry.patients).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(dry.appointments).toMatchObject({ created: 4, moved: 0, cancelled: 0 });
    expect(applied.appointments.created).toBe(4);
    const rows = byExternal();
    expect(rows.get('V-1')?.starts_at).toBe(at('2026-02-10T09:00'));
    expect(rows.get('V-3')).toMatchObject({ starts_at: at('2026-02-10T14:15'), status: 'confirmed' });
    expect(rows.get('V-4')).toMatchObject({ starts_at: at('2026-02-11T16:00'), duration_minutes: 20, clinician: 'Dr. Patel' });
    expect(changes.map((c) => [c.kind, c.source])).toEqual(Array(4).fill(['created', 'import']));
  });

  it('a re-import that moves one and drops another: listeners see a move and a cancel; the rest is unchanged', async () => {
    const patient = (await t.must('patients.search', { query: 'M-2' }, MANAGER)).items[0];
    const staffBooked = await t.must('appointments.create', { patientId: patient?.id ?? 0, clinician: 'Dr. Chen', startsAt: at('2026-02-10T12:00') }, MANAGER);
    changes.length = 0;
    const moved = day1[0]?.replace('9:00 AM', '9:30 AM') ?? '';
    const { dry, applied } = await importFile([moved, day1[2] ?? '', day1[3] ?? ''], true);
    expect(dry.appointments).toEqual({ created: 0, moved: 1, updated: 0, cancelled: 1, unchanged: 2, skipped: 0 });
    expect(dry.cancelledAbsent.map((c) => c.externalId)).toEqual(['V-2']);
    expect(dry.coveredDays).toEqual(['2026-02-10', '2026-02-11']);
    expect(applied.appointments).toEqual(dry.appointments);

    expect(changes.map((c) => [c.kind, c.after.externalId, c.source])).toEqual([
      ['moved', 'V-1', 'import'],
      ['cancelled', 'V-2', 'import'],
    ]);
    const move = changes[0];
    expect(move?.before?.startsAt).toBe(at('2026-02-10T09:00'));
    expect(move?.after.startsAt).toBe(at('2026-02-10T09:30'));
    expect(move?.after.scheduleRevision).toBe((move?.before?.scheduleRevision ?? 0) + 1);
    const rows = byExternal();
    expect(rows.get('V-2')?.status).toBe('cancelled');
    // An appointment booked in Frontdesk (no external id) is never "absent" from the export.
    expect(rows.get(`local-${staffBooked.id}`)?.status).toBe('booked');
  });

  it('without "cancel absent", a missing appointment is left alone; a status of cancelled in the file cancels', async () => {
    changes.length = 0;
    const cancelled = day1[3]?.replace('Scheduled', 'Canceled') ?? '';
    const { applied } = await importFile([cancelled], false);
    expect(applied.appointments).toMatchObject({ cancelled: 1, moved: 0 });
    expect(changes.map((c) => [c.kind, c.after.externalId])).toEqual([['cancelled', 'V-4']]);
    expect(byExternal().get('V-1')?.status).toBe('booked');
  });

  it('rejected rows name line, column, value and reason, and their appointments are not treated as absent', async () => {
    changes.length = 0;
    const badTime = day1[2]?.replace('2:15 PM', '25:15') ?? '';
    const { dry } = await importFile([day1[0]?.replace('9:00 AM', '9:30 AM') ?? '', badTime], true);
    expect(dry.rejections).toEqual([{ line: 3, column: 'Appt Time', value: '25:15', reason: expect.stringContaining('not a valid time') }]);
    expect(dry.appointments.cancelled).toBe(0);
    expect(byExternal().get('V-3')?.status).toBe('confirmed');
  });
});
