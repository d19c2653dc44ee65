/**
 * The app closes mid-day and starts three hours later: start-up catch-up queues what was
 * missed, without duplicates and without reminders for appointments that started, were
 * cancelled or were moved meanwhile (a moved one gets reminders for its new time only).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { writeSchedulerSettings } from '../scheduler/scheduler-settings';
import { nextReminderDueAt } from './reminder-planner';
import { listReminderRules } from './reminder-rules-repo';

const NY = 'America/New_York';
const HOUR = 3600_000;

let harnesses: Harness[] = [];
let dir: string | null = null;
afterEach(async () => {
  for (const h of harnesses.reverse()) await h.close();
  harnesses = [];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function runUntil(h: Harness, until: number): Promise<void> {
  for (let guard = 0; guard < 500; guard++) {
    const next = nextReminderDueAt(h.db, h.clock.now());
    if (next === null || next > until) break;
    h.clock.set(next);
    await h.scheduler.planReminders(next);
    await h.engine.runOnce();
  }
  h.clock.set(until);
  await h.scheduler.planReminders(until);
  await h.engine.runOnce();
}

describe('restart in the middle of the day', () => {
  it('catches up once, and never for started, cancelled or moved appointments', async () => {
    // T0: 11:00 in New York on a Tuesday.
    const T0 = DateTime.fromISO('2026-04-14T11:00', { zone: NY }).toMillis();
    const h = openHarness({ start: T0 - 30 * HOUR, clinic: { timeZone: NY } });
    // Bookings here are hours before their reminders; the booked-notice skip has its own test.
    writeSchedulerSettings(h.settings, { noticeSkipHours: 0 });
    harnesses.push(h);
    dir = h.dir;
    const [email2d, sms24h, sms2h] = listReminderRules(h.db);
    if (!email2d || !sms24h || !sms2h) throw new Error('default rules missing');

    const patient = (n: number) => h.addPatient({ firstName: `P${n}`, phone: `+1212555031${n}`, email: `p${n}@example.com`, timeZone: NY });
    const a1 = h.book(patient(1), T0 + 1 * HOUR); // starts while the app is closed
    const a2 = h.book(patient(2), T0 + 5 * HOUR); // 2 h reminder due while closed: caught up
    const a3 = h.book(patient(3), T0 + 2.5 * HOUR); // cancelled before closing
    const a4 = h.book(patient(4), T0 + 2 * HOUR); // moved to tomorrow before closing
    const a5 = h.book(patient(5), T0 + 20 * HOUR); // 24 h reminder already sent before closing
    const a6 = h.book(patient(6), T0 + 2 * HOUR + 30 * 60_000); // 2 h reminder due while closed, started by restart
    await h.settle();

    await runUntil(h, T0 - 10 * 60_000);
    h.appointments.cancel(a3);
    h.clock.set(T0 - 5 * 60_000);
    const movedTo = T0 + 26 * HOUR;
    h.appointments.update({ id: a4, startsAt: movedTo });
    await h.settle();
    await runUntil(h, T0 - 60_000);

    const before = h.reminderMessages();
    const keysBefore = new Set(before.map((m) => m.dedupeKey));
    expect(before.some((m) => m.appointmentId === a5 && m.ruleId === sms24h.id)).toBe(true);
    expect(before.some((m) => m.appointmentId === a1 && m.ruleId === sms2h.id)).toBe(true);
    // The move cancelled nothing that had been sent, and its new 2-day email was planned at once.
    expect(before.filter((m) => m.appointmentId === a4 && m.dedupeKey.endsWith(':1'))).toHaveLength(1);

    // Closed for three hours.
    await h.close();
    harnesses = [];
    h.clock.set(T0 + 3 * HOUR + 60_000);
    const h2 = openHarness({ start: h.clock.now(), dir: h.dir });
    harnesses.push(h2);
    await h2.scheduler.runner.runNow('reminders.plan'); // what start-up runs first
    await h2.engine.runOnce();

    const after = h2.reminderMessages();
    const fresh = after.filter((m) => !keysBefore.has(m.dedupeKey));
    const summary = fresh.map((m) => ({ appointmentId: m.appointmentId, ruleId: m.ruleId }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { appointmentId: a2, ruleId: sms2h.id },
        { appointmentId: a4, ruleId: sms24h.id },
      ]),
    );
    expect(fresh).toHaveLength(2);
    for (const m of fresh) expect(m.createdAt).toBe(h2.clock.now());
    // a4's reminder names its new time, at its new revision.
    const moved = fresh.find((m) => m.appointmentId === a4);
    expect(moved?.dedupeKey).toBe(`reminder:${sms24h.id}:${a4}:1`);
    expect(moved?.body).toContain(DateTime.fromMillis(movedTo, { zone: NY }).toFormat('h:mm a'));
    // Nothing for the started, cancelled or moved-away ones.
    for (const id of [a1, a3, a6]) expect(fresh.some((m) => m.appointmentId === id)).toBe(false);
    expect(after.some((m) => m.appointmentId === a4 && m.ruleId === sms2h.id && m.dedupeKey.endsWith(':0'))).toBe(false);
    expect(after.some((m) => m.appointmentId === a6 && m.ruleId === sms2h.id)).toBe(false);

    // Running again, or restarting again, adds nothing.
    await h2.scheduler.planReminders(h2.clock.now());
    await h2.close();
    harnesses = [];
    h2.clock.advance(60_000);
    const h3 = openHarness({ start: h2.clock.now(), dir: h.dir });
    harnesses.push(h3);
    await h3.scheduler.runner.runNow('reminders.plan');
    expect(h3.reminderMessages()).toHaveLength(after.length);
    // Each went out once.
    for (const m of h3.reminderMessages()) expect(h3.deliveriesOf(m.id).length).toBeLessThanOrEqual(1);
    expect(h3.scheduler.runner.lastRunAt('reminders.plan')).toBe(h3.clock.now());
  });
});
