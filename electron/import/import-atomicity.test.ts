/**
 * All or nothing: cancelling a running dry run, discarding a finished one, or a failure in the
 * middle of applying leaves every table exactly as it was, and no change is announced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import type { AppointmentChange } from '../services/appointments-service';
import { b64, importTestCore, MANAGER, newJobId, tableSnapshot } from '../core-thread/import-test-core';

let t: TestCore;
const changes: AppointmentChange[] = [];
const TABLES = ['patients', 'contact_points', 'appointments', 'import_mappings', 'audit_log'];

const patientMapping = {
  columns: { 'patient.externalId': 'id', 'patient.firstName': 'first', 'patient.lastName': 'last', 'patient.mobile': 'mobile' },
  dateOrder: 'MDY' as const,
};
function patientFile(rows: number, lastNameAt?: { row: number; name: string }): string {
  const lines = ['id,first,last,mobile'];
  for (let i = 0; i < rows; i++) {
    lines.push(`P${i},First${i},${lastNameAt?.row === i ? lastNameAt.name : `Last${i}`},+1 212 555 ${String(1000 + (i % 9000))}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  t = await importTestCore();
  t.core.services.appointments.onChange((c) => changes.push(c));
  // Something already in the database, so "unchanged" is not just "empty".
  const jobId = newJobId();
  await t.must('import.dryRun', { jobId, content: b64(patientFile(50)), source: 'seed', kind: 'patients', mapping: patientMapping }, MANAGER);
  await t.must('import.apply', { jobId }, MANAGER);
});
afterAll(async () => {
  await t.dispose();
});

describe('an import changes everything or nothing', () => {
  it('cancelling a running dry run stops it, and it can no longer be applied', async () => {
    const before = tableSnapshot(t, TABLES);
    const jobId = newJobId();
    let cancelled = false;
    const stop = t.core.subscribe((name, payload) => {
      const p = payload as { jobId?: string; done?: number };
      if (name === 'import.progress' && p.jobId === jobId && !cancelled) {
        cancelled = true;
        void t.must('import.cancel', { jobId }, MANAGER);
      }
    });
    try {
      const result = await t.call('import.dryRun', { jobId, content: b64(patientFile(20_000)), source: 'big', kind: 'patients', mapping: patientMapping }, MANAGER);
      expect(cancelled).toBe(true);
      expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('cancelled') } });
    } finally {
      stop();
    }
    expect(await t.call('import.apply', { jobId }, MANAGER)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(tableSnapshot(t, TABLES)).toBe(before);
  });

  it('a finished dry run that is cancelled (discarded) cannot be applied', async () => {
    const before = tableSnapshot(t, TABLES);
    const jobId = newJobId();
    const report = await t.must('import.dryRun', { jobId, content: b64(patientFile(200)), source: 'x', kind: 'patients', mapping: patientMapping }, MANAGER);
    expect(report.patients.created).toBe(150);
    expect(await t.must('import.cancel', { jobId }, MANAGER)).toEqual({ cancelled: true });
    expect(await t.call('import.apply', { jobId }, MANAGER)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(tableSnapshot(t, TABLES)).toBe(before);
  });

  it('a failure on the 900th row of a patient import rolls back the 899 before it', async () => {
    // A real SQLite failure in the middle of the transaction, not a mock.
    t.core.db.$client.exec(`create trigger fail_import before insert on patients when new.last_name = 'Boom' begin select raise(abort, 'injected failure'); end`);
    try {
      const before = tableSnapshot(t, TABLES);
      const jobId = newJobId();
      const report = await t.must('import.dryRun', { jobId, content: b64(patientFile(1000, { row: 900, name: 'Boom' })), source: 'fail', kind: 'patients', mapping: patientMapping }, MANAGER);
      expect(report.patients.created).toBe(950);
      const result = await t.call('import.apply', { jobId }, MANAGER);
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(tableSnapshot(t, TABLES)).toBe(before);
    } finally {
      t.core.db.$client.exec('drop trigger fail_import');
    }
  });

  it('a failure on an appointment after its patients were written rolls back patients too, and announces nothing', async () => {
    t.core.db.$client.exec(`create trigger fail_appt before insert on appointments when new.clinician = 'Dr. Boom' begin select raise(abort, 'injected failure'); end`);
    try {
      changes.length = 0;
      const before = tableSnapshot(t, TABLES);
      const csv = [
        'appt,patient,first,last,start,provider',
        'X1,N1,Nia,New,2026-03-02 09:00,Dr. Ok',
        'X2,N2,Noa,New,2026-03-02 10:00,Dr. Ok',
        'X3,N3,Nel,New,2026-03-02 11:00,Dr. Boom',
      ].join('\n');
      const mapping = {
        columns: {
          'appointment.externalId': 'appt',
          'patient.externalId': 'patient',
          'patient.firstName': 'first',
          'patient.lastName': 'last',
          'appointment.dateTime': 'start',
          'appointment.clinician': 'provider',
        },
        dateOrder: 'MDY' as const,
      };
      const jobId = newJobId();
      const report = await t.must('import.dryRun', { jobId, content: { text: csv }, source: 'fail2', kind: 'combined', mapping }, MANAGER);
      expect(report.appointments.created).toBe(3);
      expect((await t.call('import.apply', { jobId }, MANAGER)).ok).toBe(false);
      expect(tableSnapshot(t, TABLES)).toBe(before);
      expect(changes).toEqual([]);
    } finally {
      t.core.db.$client.exec('drop trigger fail_appt');
    }
  });

  it('a dry run can only be applied by the staff member who ran it, and only once', async () => {
    const jobId = newJobId();
    await t.must('import.dryRun', { jobId, content: b64(patientFile(60)), source: 'seed', kind: 'patients', mapping: patientMapping }, MANAGER);
    expect(await t.call('import.apply', { jobId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const jobId2 = newJobId();
    await t.must('import.dryRun', { jobId: jobId2, content: b64(patientFile(60)), source: 'seed', kind: 'patients', mapping: patientMapping }, MANAGER);
    const applied = await t.must('import.apply', { jobId: jobId2 }, MANAGER);
    expect(applied.patients).toEqual({ created: 10, updated: 0, unchanged: 50 });
    expect(await t.call('import.apply', { jobId: jobId2 }, MANAGER)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
