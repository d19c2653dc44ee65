/**
 * FHIR R4: a Bundle of Patients and Appointments goes through the same dry run; exporting the
 * database as a Bundle and importing it into an empty one reproduces the same patients and
 * appointments; importing it back into the source changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import { importTestCore, MANAGER, newJobId, tableSnapshot } from '../core-thread/import-test-core';

let source: TestCore;
let target: TestCore;

const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      fullUrl: 'urn:uuid:aaa',
      resource: {
        resourceType: 'Patient',
        identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'MR-100' }, { system: 'ssn', value: 'x' }],
        name: [{ use: 'official', family: 'Lopez', given: ['Ana', 'Maria'] }],
        birthDate: '1990-06-01',
        telecom: [
          { system: 'phone', value: '(202) 555-0143', use: 'mobile' },
          { system: 'email', value: 'Ana@Example.org' },
        ],
        communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true }],
      },
    },
    { fullUrl: 'http://ehr/Patient/7', resource: { resourceType: 'Patient', id: '7', name: [{ family: 'Ito', given: ['Ken'] }], birthDate: '1971-01-31' } },
    { resource: { resourceType: 'Patient', id: 'bad', name: [{ family: 'NoGiven' }] } },
    {
      resource: {
        resourceType: 'Appointment',
        id: 'appt-1',
        status: 'booked',
        start: '2026-02-10T09:00:00-05:00',
        minutesDuration: 40,
        participant: [
          { actor: { reference: 'urn:uuid:aaa', display: 'Ana Lopez' } },
          { actor: { reference: 'Practitioner/9', display: 'Dr. Chen' } },
          { actor: { reference: 'Location/1', display: 'Main St' } },
        ],
      },
    },
    {
      resource: {
        resourceType: 'Appointment',
        identifier: [{ value: 'appt-2' }],
        status: 'noshow',
        start: '2026-01-05T15:00:00Z',
        end: '2026-01-05T15:20:00Z',
        participant: [{ actor: { reference: 'Patient/7' } }, { actor: { type: 'Practitioner', display: 'Dr. Patel' } }],
      },
    },
    { resource: { resourceType: 'Appointment', id: 'appt-3', status: 'waitlist', participant: [{ actor: { reference: 'Patient/7' } }] } },
    { resource: { resourceType: 'Appointment', id: 'appt-4', status: 'booked', start: '2026-02-11T10:00:00Z', participant: [{ actor: { reference: 'Patient/bad' } }] } },
    { resource: { resourceType: 'Practitioner', id: '9' } },
  ],
};

beforeAll(async () => {
  [source, target] = await Promise.all([importTestCore(), importTestCore()]);
});
afterAll(async () => {
  await Promise.all([source.dispose(), target.dispose()]);
});

function comparable(json: string) {
  const b = JSON.parse(json) as { entry: Array<{ resource: Record<string, unknown> }> };
  // Database ids differ between installations; everything else must survive the trip.
  return b.entry.map(({ resource }) => {
    const { id: _id, participant, ...rest } = resource as { id: string; participant?: Array<{ actor: { reference?: string } }> };
    return { ...rest, participant: participant?.map((p) => ({ ...p, actor: { ...p.actor, reference: p.actor.reference ? 'ref' : undefined } })) };
  });
}

describe('FHIR R4 Bundle import', () => {
  it('maps Patients and Appointments through the same dry run, with reasons for what it cannot take', async () => {
    const jobId = newJobId();
    const report = await source.must('import.fhirDryRun', { jobId, content: { text: JSON.stringify(bundle) } }, MANAGER);
    expect(report.format).toBe('fhir');
    expect(report.patients.created).toBe(2);
    expect(report.appointments.created).toBe(2);
    expect(report.rejections).toEqual([
      { line: 3, column: 'Patient.name', value: null, reason: expect.stringContaining('given name') },
      { line: 6, column: 'Appointment.status', value: 'waitlist', reason: expect.stringContaining('not imported') },
      { line: 7, column: 'Appointment.participant', value: 'Patient/bad', reason: expect.stringContaining('rejected') },
    ]);
    await source.must('import.apply', { jobId }, MANAGER);
    const ana = (await source.must('patients.search', { query: 'MR-100' }, MANAGER)).items[0];
    const detail = await source.must('patients.get', { id: ana?.id ?? 0 }, MANAGER);
    expect(detail).toMatchObject({ firstName: 'Ana Maria', lastName: 'Lopez', dateOfBirth: '1990-06-01', language: 'es' });
    expect(detail.contactPoints.map((c) => c.value).sort()).toEqual(['+12025550143', 'ana@example.org']);
    expect(detail.appointments[0]).toMatchObject({
      externalId: 'appt-1',
      startsAt: Date.parse('2026-02-10T14:00:00Z'),
      durationMinutes: 40,
      clinician: 'Dr. Chen',
      location: 'Main St',
      status: 'booked',
    });
    const ken = (await source.must('patients.search', { query: 'Ito' }, MANAGER)).items[0];
    const kenDetail = await source.must('patients.get', { id: ken?.id ?? 0 }, MANAGER);
    expect(kenDetail.appointments[0]).toMatchObject({ externalId: 'appt-2', status: 'no_show', durationMinutes: 20, clinician: 'Dr. Patel' });
  });

  it('round trip: export → import into an empty database → export gives the same Bundle; re-import into the source changes nothing', async () => {
    const exported = await source.must('export.fhir', {}, MANAGER);
    expect(exported).toMatchObject({ patients: 2, appointments: 2 });
    const jobId = newJobId();
    const report = await target.must('import.fhirDryRun', { jobId, content: { text: exported.json } }, MANAGER);
    expect(report.rejected).toBe(0);
    await target.must('import.apply', { jobId }, MANAGER);
    const again = await target.must('export.fhir', {}, MANAGER);
    expect(comparable(again.json)).toEqual(comparable(exported.json));

    const before = tableSnapshot(source);
    const back = newJobId();
    const noop = await source.must('import.fhirDryRun', { jobId: back, content: { text: again.json } }, MANAGER);
    expect(noop.patients).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(noop.appointments).toMatchObject({ created: 0, moved: 0, updated: 0, unchanged: 2 });
    await source.must('import.apply', { jobId: back }, MANAGER);
    expect(tableSnapshot(source, ['patients', 'contact_points', 'appointments'])).toBe(
      JSON.stringify(JSON.parse(before).slice(0, 3)),
    );
  });

  it('refuses a file that is not a Bundle', async () => {
    const result = await source.call('import.fhirDryRun', { jobId: newJobId(), content: { text: '{"resourceType":"Patient"}' } }, MANAGER);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Bundle') } });
  });
});
