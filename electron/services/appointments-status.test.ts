/** Staff set an appointment's status: confirmed (via staff), completed, no-show — with the rules. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('appointments.setStatus', () => {
  it('confirms via staff with the time, refuses early completion, marks a no-show once started, leaves cancelled alone', async () => {
    t = await createTestCore();
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const patient = await t.must('patients.create', { firstName: 'Ann', lastName: 'Point', contactPoints: [] });
    const minute = 60_000;
    const a = await t.must('appointments.create', { patientId: patient.id, clinician: 'Dr Who', startsAt: t.clock.now() + 2 * minute });

    const confirmed = await t.must('appointments.setStatus', { id: a.id, status: 'confirmed' });
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: t.clock.now(), confirmedVia: 'staff' });

    const early = await t.call('appointments.setStatus', { id: a.id, status: 'completed' });
    expect(early.ok ? null : early.error.code).toBe('conflict');
    t.clock.advance(3 * minute); // under the idle lock
    expect((await t.must('appointments.setStatus', { id: a.id, status: 'no_show' })).status).toBe('no_show');
    // A no-show cannot be confirmed afterwards.
    expect((await t.call('appointments.setStatus', { id: a.id, status: 'confirmed' })).ok).toBe(false);

    const b = await t.must('appointments.create', { patientId: patient.id, clinician: 'Dr Who', startsAt: t.clock.now() + 60 * minute });
    await t.must('appointments.cancel', { id: b.id });
    const refused = await t.call('appointments.setStatus', { id: b.id, status: 'confirmed' });
    expect(refused.ok ? null : refused.error.code).toBe('conflict');
    expect((await t.must('appointments.listForPatient', { patientId: patient.id })).find((x) => x.id === b.id)?.status).toBe('cancelled');
  });
});
