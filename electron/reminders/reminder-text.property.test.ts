/**
 * The built-in reminder wording against Luxon (which wrote it before, and is the reference for
 * zone and calendar arithmetic here): for random appointments in zones with daylight saving,
 * half-hour and southern-hemisphere offsets, at random moments up to three days before, the
 * date, the time and "today"/"tomorrow"/"on …" read exactly as Luxon writes them in English.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { reminderText, type ReminderItem } from './reminder-text';

const ZONES = ['America/New_York', 'America/Los_Angeles', 'America/St_Johns', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Adelaide', 'Pacific/Auckland', 'UTC'];
const CLINIC = { name: 'Bright Smile Dental', phone: '' };
const HOUR = 3_600_000;

function luxonWhen(item: ReminderItem, now: number): string {
  const at = DateTime.fromMillis(item.startsAt, { zone: item.timeZone, locale: 'en-US' });
  const days = Math.round(at.startOf('day').diff(DateTime.fromMillis(now, { zone: item.timeZone }).startOf('day'), 'days').days);
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `on ${at.toFormat('ccc LLL d')}`;
}

const luxonTime = (item: ReminderItem) => DateTime.fromMillis(item.startsAt, { zone: item.timeZone, locale: 'en-US' }).toFormat('h:mm a');

const appointment = fc.record({
  // 2025–2027, so both daylight-saving changes of each zone fall inside.
  startsAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => ms - (ms % 60_000)),
  timeZone: fc.constantFrom(...ZONES),
  firstName: fc.constantFrom('Ava', 'Noah'),
  clinician: fc.constant('Dr. Patel'),
  location: fc.constantFrom('', 'Suite 4'),
});

describe('the built-in reminder wording', () => {
  it('reads one appointment as Luxon writes it, in the patient zone', () => {
    fc.assert(
      fc.property(appointment, fc.integer({ min: 0, max: 72 * HOUR }), (item, before) => {
        const now = item.startsAt - before;
        const where = item.location ? ` at ${item.location}` : '';
        expect(reminderText('sms', [item], CLINIC, now).body).toBe(
          `${CLINIC.name}: reminder of ${item.firstName}'s appointment ${luxonWhen(item, now)} at ${luxonTime(item)} with ${item.clinician}${where}. Reply C to confirm, R to reschedule. Reply STOP to opt out.`,
        );
      }),
      { numRuns: 400 },
    );
  });

  it("reads a household's appointments, the email subject and an undated reminder as Luxon writes them", () => {
    fc.assert(
      fc.property(appointment, fc.integer({ min: 0, max: 48 * HOUR }), fc.integer({ min: 0, max: 6 * HOUR }), (a, later, before) => {
        const b = { ...a, firstName: 'Mia', startsAt: a.startsAt + later - (later % 60_000) };
        const now = a.startsAt - before;
        const day = (i: ReminderItem) => DateTime.fromMillis(i.startsAt, { zone: i.timeZone, locale: 'en-US' }).toFormat('ccc LLL d');
        const sameDay = day(a) === day(b);
        const list = [a, b].map((i) => `${i.firstName} ${sameDay ? '' : `${luxonWhen(i, now)} `}at ${luxonTime(i)} with ${i.clinician}`).join(', ');
        const what = sameDay ? `appointments ${luxonWhen(a, now)}: ${list}` : `appointments: ${list}`;
        const email = reminderText('email', [a, b], CLINIC, now);
        expect(email.body).toBe(`This is a reminder from ${CLINIC.name} of ${what}.`);
        expect(email.subject).toBe(`Appointment reminder: ${day(a)} at ${luxonTime(a)}`);
        // Without a moment to count from, the date is written out.
        expect(reminderText('voice', [a], CLINIC).body).toContain(`appointment on ${day(a)} at ${luxonTime(a)}`);
      }),
      { numRuns: 300 },
    );
  });
});
