/**
 * The first vertical slice through the registry on a real temp database: patients with
 * normalised contact points, search, archive, appointments by day, and survival of a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore;
beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
});
afterAll(async () => {
  await t.dispose();
});

const countRows = (table: string) =>
  (t.core.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('patients', () => {
  it('normalises phones to E.164 with the clinic country and lower-cases email', async () => {
    const p = await t.must('patients.create', {
      firstName: 'Maria',
      lastName: 'Garcia',
      dateOfBirth: '1985-03-04',
      externalId: 'MRN-1001',
      contactPoints: [
        { kind: 'phone', value: '(202) 555-0143' },
        { kind: 'email', value: '  Maria.Garcia@Example.COM ' },
      ],
    });
    expect(p.contactPoints.map((c) => [c.kind, c.value, c.isPrimary])).toEqual([
      ['email', 'maria.garcia@example.com', true],
      ['phone', '+12025550143', true],
    ]);
  });

  it('rejects an invalid phone with an inline error on that row and writes nothing', async () => {
    const before = countRows('patients');
    const result = await t.call('patients.create', {
      firstName: 'Bad',
      lastName: 'Phone',
      contactPoints: [
        { kind: 'email', value: 'ok@example.com' },
        { kind: 'phone', value: '555-01' },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('validation');
      expect(result.error.issues).toEqual([{ path: 'contactPoints.1.value', message: expect.stringContaining('555-01') }]);
    }
    expect(countRows('patients')).toBe(before);
  });

  it('reads numbers in the clinic’s default country after it changes', async () => {
    await t.must('settings.update', { defaultCountry: 'GB' });
    const p = await t.must('patients.create', { firstName: 'Olivia', lastName: 'Brown', contactPoints: [{ kind: 'phone', value: '07911 123456' }] });
    expect(p.contactPoints[0]?.value).toBe('+447911123456');
    await t.must('settings.update', { defaultCountry: 'US' });
  });

  it('refuses a duplicate external id with the other patient’s name', async () => {
    const result = await t.call('patients.create', { firstName: 'Copy', lastName: 'Cat', externalId: 'MRN-1001', contactPoints: [] });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Maria Garcia') } });
  });

  it('finds patients by name either way round, phone digits, email and external id', async () => {
    const names = async (query: string) => (await t.must('patients.search', { query })).items.map((p) => `${p.firstName} ${p.lastName}`);
    expect(await names('maria gar')).toEqual(['Maria Garcia']);
    expect(await names('garcia, maria')).toEqual(['Maria Garcia']);
    expect(await names('555-0143')).toEqual(['Maria Garcia']);
    expect(await names('MARIA.GARCIA@')).toEqual(['Maria Garcia']);
    expect(await names('mrn-1001')).toEqual(['Maria Garcia']);
    expect(await names('100%')).toEqual([]);
    const all = await t.must('patients.search', { query: '' });
    expect(all.total).toBe(2);
    expect(all.items[0]).toMatchObject({ lastName: 'Brown', primaryPhone: '+447911123456' });
  });

  it('editing replaces contact points but keeps the status of ones that stay', async () => {
    const [maria] = (await t.must('patients.search', { query: 'maria' })).items;
    if (!maria) throw new Error('seed missing');
    t.core.db.$client.prepare(`update contact_points set status = 'bouncing' where value = 'maria.garcia@example.com'`).run();
    const edited = await t.must('patients.update', {
      id: maria.id,
      language: 'es',
      contactPoints: [
        { kind: 'email', value: 'maria.garcia@example.com' },
        { kind: 'phone', value: '+1 202 555 0199', label: 'home' },
      ],
    });
    expect(edited.language).toBe('es');
    expect(edited.contactPoints.map((c) => [c.value, c.status, c.label])).toEqual([
      ['maria.garcia@example.com', 'bouncing', 'email'],
      ['+12025550199', 'ok', 'home'],
    ]);
  });

  it('archived patients drop out of search unless asked for', async () => {
    const [olivia] = (await t.must('patients.search', { query: 'olivia' })).items;
    if (!olivia) throw new Error('seed missing');
    await t.must('patients.archive', { id: olivia.id, archived: true });
    expect((await t.must('patients.search', { query: 'olivia' })).items).toEqual([]);
    expect((await t.must('patients.search', { query: 'olivia', includeArchived: true })).items).toHaveLength(1);
    expect(await t.call('appointments.create', { patientId: olivia.id, clinician: 'Dr A', startsAt: t.clock.now() })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await t.must('patients.archive', { id: olivia.id, archived: false });
  });

  it('an unknown time zone is refused', async () => {
    const result = await t.call('patients.create', { firstName: 'Tz', lastName: 'Bad', timeZone: 'Mars/Olympus', contactPoints: [] });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: 'timeZone' }] } });
  });
});

describe('appointments', () => {
  it('lists a day in the clinic’s time zone, edits, moves and cancels', async () => {
    const [maria] = (await t.must('patients.search', { query: 'maria' })).items;
    if (!maria) throw new Error('seed missing');
    // 23:30 New York on 2026-03-10 is already 2026-03-11 in UTC.
    const lateEvening = Date.UTC(2026, 2, 11, 3, 30);
    const next = Date.UTC(2026, 2, 11, 14, 0);
    const a = await t.must('appointments.create', { patientId: maria.id, clinician: 'Dr Chen', location: 'Room 2', startsAt: lateEvening, durationMinutes: 20 });
    await t.must('appointments.create', { patientId: maria.id, clinician: 'Dr Chen', startsAt: next });
    expect((await t.must('appointments.listByDay', { date: '2026-03-10' })).map((x) => x.id)).toEqual([a.id]);
    expect(await t.must('appointments.listByDay', { date: '2026-03-11' })).toHaveLength(1);

    const changes: string[] = [];
    const off = t.core.services.appointments.onChange((c) => changes.push(c.kind));
    await t.must('appointments.update', { id: a.id, location: 'Room 3' });
    const moved = await t.must('appointments.update', { id: a.id, startsAt: lateEvening + 3_600_000 });
    const cancelled = await t.must('appointments.cancel', { id: a.id });
    off();
    expect(changes).toEqual(['updated', 'moved', 'cancelled']);
    expect(moved.startsAt).toBe(lateEvening + 3_600_000);
    expect(cancelled.status).toBe('cancelled');
    expect(await t.call('appointments.update', { id: a.id, clinician: 'Dr X' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a failing change listener does not fail the change', async () => {
    const [maria] = (await t.must('patients.search', { query: 'maria' })).items;
    if (!maria) throw new Error('seed missing');
    const off = t.core.services.appointments.onChange(() => {
      throw new Error('messaging is down');
    });
    const result = await t.call('appointments.create', { patientId: maria.id, clinician: 'Dr Okafor', startsAt: Date.UTC(2026, 3, 1, 15) });
    off();
    expect(result.ok).toBe(true);
    expect(t.logs.some((r) => r.msg === 'appointment change listener failed')).toBe(true);
  });
});

describe('restart', () => {
  it('patients, appointments and staff survive closing and reopening the core', async () => {
    const before = await t.must('patients.search', { query: 'maria' });
    await t.restart();
    expect((await t.call('patients.search', { query: '' })).ok).toBe(false);
    await t.must('auth.signIn', { username: 'admin', password: 'admin-password' });
    const after = await t.must('patients.search', { query: 'maria' });
    expect(after).toEqual(before);
    const [maria] = after.items;
    if (!maria) throw new Error('seed missing');
    const detail = await t.must('patients.get', { id: maria.id });
    expect(detail.appointments.map((a) => a.clinician).sort()).toEqual(['Dr Chen', 'Dr Chen', 'Dr Okafor']);
  });
});
