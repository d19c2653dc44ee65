/**
 * No stacked reminders: when several rules are due at once for one appointment (a booking made
 * 90 minutes ahead, a restart after a closed weekend), only the rule closest to the appointment
 * goes and the others are recorded as skipped with a reason; a reminder due within the notice
 * window (default 12 hours) after a booked/moved notice that carried the details is skipped too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { writeSchedulerSettings } from '../scheduler/scheduler-settings';
import { listReminderRules } from './reminder-rules-repo';

const NY = 'America/New_York';
const HOUR = 3600_000;
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const sends = (x: Harness, appointmentId: number) =>
  x.sqlite
    .prepare('select rule_id as ruleId, outcome, detail from reminder_sends where appointment_id = ? order by rule_id')
    .all(appointmentId) as Array<{ ruleId: number; outcome: string; detail: string | null }>;

describe('no stacked reminders', () => {
  it('a booking 90 minutes out gets its booked notice and no reminder on top; every skipped rule says why', async () => {
    const start = DateTime.fromISO('2026-12-01T10:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    const [email2d, sms24h, sms2h] = listReminderRules(h.db);
    const p = h.addPatient({ firstName: 'Una', phone: '+12125550901', email: 'una@example.com', timeZone: NY });
    const appt = h.book(p, start + 90 * 60_000);
    await h.settle();
    await h.scheduler.planReminders(h.clock.now());
    await h.engine.runOnce();
    const sent = h.sqlite.prepare(`select origin, body from messages where patient_id = ? order by id`).all(p) as Array<{ origin: string; body: string }>;
    expect(sent.map((m) => m.origin)).toEqual(['appointment_event']);
    expect(sent[0]?.body).toContain('booked for Tue Dec 1 at 11:30 AM');
    expect(sends(h, appt)).toEqual([
      { ruleId: email2d?.id, outcome: 'skipped', detail: `closer_rule:${sms2h?.id}` },
      { ruleId: sms24h?.id, outcome: 'skipped', detail: `closer_rule:${sms2h?.id}` },
      { ruleId: sms2h?.id, outcome: 'skipped', detail: 'recent_notice' },
    ]);
    // Planning again changes nothing.
    h.clock.advance(5 * 60_000);
    expect(await h.scheduler.planReminders(h.clock.now())).toMatchObject({ queued: 0, skipped: 0 });
  });

  it('after a closed weekend only the closest overdue rule goes', async () => {
    const friday = DateTime.fromISO('2026-11-27T09:00', { zone: NY }).toMillis();
    h = openHarness({ start: friday, clinic: { timeZone: NY } });
    const [email2d, sms24h, sms2h] = listReminderRules(h.db);
    const p = h.addPatient({ firstName: 'Vic', phone: '+12125550902', email: 'vic@example.com', timeZone: NY });
    const appt = h.book(p, DateTime.fromISO('2026-11-30T09:30', { zone: NY }).toMillis());
    await h.settle();
    const restarted = await h.restart();
    h = restarted;
    restarted.clock.set(DateTime.fromISO('2026-11-30T08:00', { zone: NY }).toMillis());
    expect(await restarted.scheduler.planReminders(restarted.clock.now())).toMatchObject({ queued: 1, skipped: 2 });
    const reminders = restarted.reminderMessages();
    expect(reminders.map((m) => [m.ruleId, m.channel])).toEqual([[sms2h?.id, 'sms']]);
    expect(reminders[0]?.body).toContain("Vic's appointment today at 9:30 AM");
    expect(sends(restarted, appt)).toEqual([
      { ruleId: email2d?.id, outcome: 'skipped', detail: `closer_rule:${sms2h?.id}` },
      { ruleId: sms24h?.id, outcome: 'skipped', detail: `closer_rule:${sms2h?.id}` },
      { ruleId: sms2h?.id, outcome: 'queued', detail: null },
    ]);
  });

  it('the notice window is configurable: a reminder 13 hours after the booked notice goes, and with 0 hours right after it', async () => {
    const start = DateTime.fromISO('2026-11-30T08:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY } });
    const [, sms24h] = listReminderRules(h.db);
    const a = h.addPatient({ firstName: 'Wen', phone: '+12125550903', timeZone: NY });
    const apptA = h.book(a, start + 37 * HOUR); // 24 h reminder due 13 h after booking
    await h.settle();
    h.clock.set(start + 13 * HOUR);
    await h.scheduler.planReminders(h.clock.now());
    expect(h.reminderMessages().map((m) => [m.appointmentId, m.ruleId])).toEqual([[apptA, sms24h?.id]]);

    writeSchedulerSettings(h.settings, { noticeSkipHours: 0 });
    const b = h.addPatient({ firstName: 'Xan', phone: '+12125550904', timeZone: NY });
    const apptB = h.book(b, h.clock.now() + 20 * HOUR);
    await h.settle();
    await h.scheduler.planReminders(h.clock.now());
    expect(h.reminderMessages().map((m) => m.appointmentId)).toEqual([apptA, apptB]);
  });

  it('a reminder run reaches each address once: two children due on different days get one message naming both', async () => {
    const start = DateTime.fromISO('2026-11-27T09:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    const [, sms24h] = listReminderRules(h.db);
    const phone = '+12125550905';
    const leo = h.addPatient({ firstName: 'Leo', phone, timeZone: NY });
    const maria = h.addPatient({ firstName: 'Maria', phone, timeZone: NY });
    const a = h.book(leo, DateTime.fromISO('2026-12-01T15:00', { zone: NY }).toMillis());
    const b = h.book(maria, DateTime.fromISO('2026-12-02T10:00', { zone: NY }).toMillis());
    await h.settle();
    // The app was closed until Tuesday 10:30: both 24-hour reminders are due in this one run.
    const restarted = await h.restart();
    h = restarted;
    restarted.clock.set(DateTime.fromISO('2026-12-01T10:30', { zone: NY }).toMillis());
    await restarted.scheduler.planReminders(restarted.clock.now());
    const messages = restarted.reminderMessages().filter((m) => m.channel === 'sms');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toContain('Leo today at 3:00 PM');
    expect(messages[0]?.body).toContain('Maria tomorrow at 10:00 AM');
    expect(sends(restarted, a).find((r) => r.ruleId === sms24h?.id)?.outcome).toBe('queued');
    expect(sends(restarted, b).find((r) => r.ruleId === sms24h?.id)?.outcome).toBe('queued');
  });
});
