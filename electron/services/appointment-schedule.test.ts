/**
 * The day and week views' data: each appointment with its reminder state (the next rule due, the
 * last reminder with its delivery, the patient's reply) and warnings for open bookings in the past
 * and for one clinician booked twice at once; `appointments.check` warns before saving, never refuses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { writeSchedulerSettings } from '../scheduler/scheduler-settings';
import { bookingWarnings, scheduleBetween } from './appointment-schedule';

const NY = 'America/New_York';
const START = DateTime.fromISO('2026-06-02T10:00', { zone: NY });
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('appointment schedule', () => {
  it('shows the next reminder, the last one with its delivery and the reply, and warns about past and overlapping bookings', async () => {
    h = openHarness({ start: START.toMillis(), clinic: { timeZone: NY } });
    // Booked minutes before the 24-hour reminder is due; the booked-notice skip has its own test.
    writeSchedulerSettings(h.settings, { noticeSkipHours: 0 });
    const ada = h.addPatient({ firstName: 'Ada', phone: '+12125550111', timeZone: NY });
    const ben = h.addPatient({ firstName: 'Ben', phone: '+12125550112', timeZone: NY });
    const cy = h.addPatient({ firstName: 'Cy', phone: '+12125550113', timeZone: NY });
    // Tomorrow 09:00: the 24-hour SMS is due now; the 2-hours-if-unconfirmed one comes later.
    const tomorrow9 = START.plus({ days: 1 }).set({ hour: 9 }).toMillis();
    const adaAppt = h.book(ada, tomorrow9, 'Dr. Chen');
    const benAppt = h.book(ben, tomorrow9 + 15 * 60_000, 'Dr. Chen');
    const cyAppt = h.book(cy, START.minus({ hours: 2 }).toMillis(), 'Dr. Rivera');
    await h.settle();
    await h.scheduler.planReminders(h.clock.now());
    await h.engine.runOnce();
    h.engine.receiveInbound({ channel: 'sms', address: '+12125550111', body: 'Can I come at 10 instead?', providerMessageId: 'SM-reply-1' });

    const rows = scheduleBetween(h.db, { from: START.toISODate() ?? '', days: 7 }, h.clock.now(), NY);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const adaRow = byId.get(adaAppt);
    expect(adaRow?.reminder.last).toMatchObject({ rule: 'SMS 24 hours before', channel: 'sms' });
    expect(['sent', 'delivered']).toContain(adaRow?.reminder.last?.state);
    expect(adaRow?.reminder.reply?.body).toBe('Can I come at 10 instead?');
    expect(adaRow?.reminder.nextRule).toBe('SMS 2 hours before if unconfirmed');
    expect(adaRow?.reminder.nextAt).toBe(tomorrow9 - 2 * 60 * 60_000);
    expect(adaRow?.warnings.map((w) => w.code)).toEqual(['overlap']);
    expect(byId.get(benAppt)?.warnings.map((w) => w.code)).toEqual(['overlap']);
    expect(byId.get(cyAppt)?.warnings.map((w) => w.code)).toEqual(['past']);
    expect(byId.get(cyAppt)?.reminder).toMatchObject({ nextAt: null, last: null, reply: null });
    // One clinician only.
    expect(scheduleBetween(h.db, { from: START.toISODate() ?? '', days: 7, clinician: 'Dr. Rivera' }, h.clock.now(), NY).map((r) => r.id)).toEqual([cyAppt]);

    // Once confirmed, the "if unconfirmed" rule is not next any more.
    h.appointments.setStatus(adaAppt, 'confirmed');
    expect(scheduleBetween(h.db, { from: START.toISODate() ?? '', days: 7 }, h.clock.now(), NY).find((r) => r.id === adaAppt)?.reminder.nextAt).toBeNull();

    // Before saving: a past time and an overlap are warnings with words; a free slot has none.
    const check = (startsAt: number, clinician = 'Dr. Chen') => bookingWarnings(h!.db, { id: null, clinician, startsAt, durationMinutes: 30 }, h!.clock.now(), NY);
    expect(check(tomorrow9 + 10 * 60_000)).toEqual([{ code: 'overlap', message: 'Dr. Chen is also booked then: Ada Test1 at 09:00, Ben Test2 at 09:15.' }]);
    expect(check(START.minus({ days: 1 }).toMillis()).map((w) => w.code)).toEqual(['past']);
    expect(check(tomorrow9 + 3 * 60 * 60_000)).toEqual([]);
    expect(bookingWarnings(h.db, { id: adaAppt, clinician: 'Dr. Chen', startsAt: tomorrow9 - 30 * 60_000, durationMinutes: 30 }, h.clock.now(), NY)).toEqual([]);
  });
});
