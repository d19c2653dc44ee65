/**
 * Appointment changes and their messages: booking, moving and cancelling queue their notices;
 * moving or cancelling cancels queued reminders, including a grouped one (whose other member
 * is then reminded on its own), and a moved appointment is planned again at its new time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { writeSchedulerSettings } from '../scheduler/scheduler-settings';
import { listReminderRules } from './reminder-rules-repo';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const notices = (harness: Harness) =>
  harness.sqlite
    .prepare(`select appointment_id as appointmentId, dedupe_key as dedupeKey, body from messages where origin = 'appointment_event' order by id`)
    .all() as Array<{ appointmentId: number; dedupeKey: string; body: string }>;

describe('appointment changes', () => {
  it('queue notices, cancel queued (also grouped) reminders and plan the moved appointment again', async () => {
    const start = DateTime.fromISO('2026-06-08T18:30', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    // Bookings here are hours before their reminders; the booked-notice skip has its own test.
    writeSchedulerSettings(h.settings, { noticeSkipHours: 0 });
    const [, sms24h] = listReminderRules(h.db);
    const phone = '+12125550501';
    const parent = h.addPatient({ firstName: 'Paula', phone, timeZone: NY });
    const child = h.addPatient({ firstName: 'Chris', phone, timeZone: NY });
    const tomorrow = (time: string) => DateTime.fromISO(`2026-06-09T${time}`, { zone: NY }).toMillis();
    const a1 = h.book(parent, tomorrow('17:00'));
    const a2 = h.book(child, tomorrow('17:30'));
    await h.settle();
    expect(notices(h).map((n) => n.dedupeKey)).toEqual([`appointment:${a1}:booked:0`, `appointment:${a2}:booked:0`]);
    expect(notices(h)[0]?.body).toContain('Tue Jun 9 at 5:00 PM');

    // Booked 22.5 hours ahead, both are already inside the 24-hour window: one grouped SMS is
    // queued at once (planning runs after each change).
    const grouped = h.reminderMessages().filter((m) => m.ruleId === sms24h?.id);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]?.body).toMatch(/Paula.*Chris/s);
    expect(grouped[0]?.dedupeKey).toBe(`reminder:${sms24h?.id}:${a1}:0+${a2}:0`);
    const groupedDelivery = h.deliveriesOf(grouped[0]?.id ?? 0)[0];
    expect(groupedDelivery?.state).toBe('queued');

    // The child's appointment moves to the day after: the grouped reminder (not yet sent) is
    // cancelled, the parent gets a reminder of her own, the child a 'moved' notice.
    h.clock.advance(60_000);
    const movedTo = DateTime.fromISO('2026-06-10T17:30', { zone: NY }).toMillis();
    h.appointments.update({ id: a2, startsAt: movedTo });
    await h.settle();
    expect(h.deliveriesOf(grouped[0]?.id ?? 0)[0]).toMatchObject({ state: 'cancelled', reasonCode: 'appointment_changed' });
    const alone = h.reminderMessages().filter((m) => m.ruleId === sms24h?.id && m.id !== grouped[0]?.id);
    expect(alone).toHaveLength(1);
    expect(alone[0]?.dedupeKey).toBe(`reminder:${sms24h?.id}:${a1}:0`);
    expect(alone[0]?.body).toContain('Paula');
    expect(alone[0]?.body).not.toContain('Chris');
    const moved = notices(h).find((n) => n.dedupeKey === `appointment:${a2}:moved:1`);
    expect(moved?.body).toContain('Wed Jun 10 at 5:30 PM');

    // Cancelling the parent's appointment cancels her queued reminder and queues the notice.
    h.appointments.cancel(a1);
    await h.settle();
    expect(h.deliveriesOf(alone[0]?.id ?? 0)[0]?.state).toBe('cancelled');
    expect(notices(h).some((n) => n.dedupeKey === `appointment:${a1}:cancelled`)).toBe(true);
    // Nothing new is planned for a cancelled appointment.
    const count = h.reminderMessages().length;
    await h.scheduler.planReminders(h.clock.now());
    expect(h.reminderMessages()).toHaveLength(count);
    // The child's new time is reminded when its window opens.
    h.clock.set(movedTo - 24 * 3600_000);
    await h.scheduler.planReminders(h.clock.now());
    const childReminder = h.reminderMessages().find((m) => m.dedupeKey === `reminder:${sms24h?.id}:${a2}:1`);
    expect(childReminder?.body).toContain('5:30 PM');

  });
});
