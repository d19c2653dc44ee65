/**
 * A reminder rule with its own template: the engine renders it with the appointment's date and
 * time in the patient's zone and language (the planner passes only the appointment id and the
 * group extras, never a home-made `appointment` that would hide the engine's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { FakeClock } from '../foundation/clock';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('templated reminders', () => {
  it('render the appointment variables in the patient’s zone and language', async () => {
    const start = DateTime.fromISO('2026-03-09T08:00', { zone: 'America/Los_Angeles' }).toMillis();
    t = await createTestCore({ clock: new FakeClock(start) });
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    // Booked an hour before the reminder is due: not what this test is about.
    await t.must('scheduler.updateSettings', { noticeSkipHours: 0 });
    const template = await t.must('templates.create', {
      name: 'Reminder with time',
      category: 'reminder',
      purpose: 'transactional',
      fallbackLanguage: 'en',
      content: {
        en: { sms: { body: 'Hi {{ patient.firstName }}, see you {{ appointment.start | date: "%a %b %-d at %-l:%M %p" }} with {{ appointment.clinician }}.' } },
        es: { sms: { body: 'Hola {{ patient.firstName }}, le esperamos el {{ appointment.start | date: "%d/%m a las %H:%M" }}.' } },
      },
    });
    for (const rule of await t.must('reminders.listRules', {})) await t.must('reminders.updateRule', { id: rule.id, enabled: false });
    await t.must('reminders.createRule', { name: 'Templated SMS 1 day before', offsetMinutes: 1440, channels: ['sms'], templateId: template.id });
    const en = await t.must('patients.create', { firstName: 'Lena', lastName: 'West', timeZone: 'America/Los_Angeles', contactPoints: [{ kind: 'phone', value: '+12135550701' }] });
    const es = await t.must('patients.create', { firstName: 'Elena', lastName: 'Sur', language: 'es', timeZone: 'America/Los_Angeles', contactPoints: [{ kind: 'phone', value: '+12135550702' }] });
    const startsAt = DateTime.fromISO('2026-03-10T09:30', { zone: 'America/Los_Angeles' }).toMillis();
    await t.must('appointments.create', { patientId: en.id, clinician: 'Dr. Park', startsAt });
    await t.must('appointments.create', { patientId: es.id, clinician: 'Dr. Park', startsAt: startsAt + 30 * 60_000 });

    t.clock.set(startsAt - 24 * 3600_000 + 60 * 60_000);
    await t.core.services.scheduler.planReminders(t.clock.now());
    const bodies = t.core.db.$client.prepare(`select body from messages where origin = 'reminder' order by id`).all() as Array<{ body: string }>;
    expect(bodies.map((b) => b.body)).toEqual(['Hi Lena, see you Tue Mar 10 at 9:30 AM with Dr. Park.', 'Hola Elena, le esperamos el 10/03 a las 10:00.']);
  });
});
