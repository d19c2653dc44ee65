/**
 * A patient whose stored time zone the computer does not know (saved long ago, or named by an
 * older ICU): the booking notice and the reminder are worded in the clinic's zone, as the engine
 * reads it, instead of "Invalid DateTime" or a failed planning run for everyone planned with her.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';

const NY = 'America/New_York';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('a patient with a time zone the computer does not know', () => {
  it('gets the booking notice and the reminder in the clinic zone, and the patient beside her gets hers', async () => {
    h = openHarness({ start: DateTime.fromISO('2026-03-09T09:00', { zone: NY }).toMillis(), clinic: { timeZone: NY } });
    const lost = h.addPatient({ firstName: 'Ivy', phone: '+12125550181', timeZone: 'Mars/Olympus_Mons' });
    const known = h.addPatient({ firstName: 'Joe', phone: '+12125550182', timeZone: NY });
    h.book(lost, DateTime.fromISO('2026-03-11T15:00', { zone: NY }).toMillis());
    h.book(known, DateTime.fromISO('2026-03-11T16:30', { zone: NY }).toMillis());
    await h.settle();
    const sent = (origin: string) => (h?.sqlite.prepare(`select body from messages where origin = ? and channel = 'sms' order by id`).all(origin) as Array<{ body: string }>).map((r) => r.body);
    expect(sent('appointment_event')).toEqual([
      expect.stringContaining("Ivy's appointment is booked for Wed Mar 11 at 3:00 PM"),
      expect.stringContaining("Joe's appointment is booked for Wed Mar 11 at 4:30 PM"),
    ]);
    // The day before, past both 24-hour reminders' times.
    h.clock.set(DateTime.fromISO('2026-03-10T17:00', { zone: NY }).toMillis());
    await h.scheduler.planReminders(h.clock.now());
    expect(sent('reminder')).toEqual([expect.stringContaining("Ivy's appointment tomorrow at 3:00 PM"), expect.stringContaining("Joe's appointment tomorrow at 4:30 PM")]);
  });
});
