/**
 * The built-in reminder wording, used when a rule has no template of its own. Minimum
 * necessary (DESIGN rule 7): clinic, names, date and time, clinician and location; never the
 * clinical reason. Times are in the patient's own time zone.
 */
import type { Channel } from '../../shared/domain';
import { strftime, type ZonedInstant } from '../../shared/templates/strftime';
import { zonedParts } from '../../shared/templates/zoned-time';

export interface ReminderItem {
  firstName: string;
  startsAt: number;
  clinician: string;
  location: string;
  /** A zone Intl knows (the patient's, else the clinic's): the wording is written in it. */
  timeZone: string;
}

export interface ReminderText {
  body: string;
  subject?: string;
}

/**
 * An appointment's start in the patient's zone. The wording is English, so are the names: the
 * computer's own locale must not turn "Wed" into "mer." mid-sentence. Through the templates'
 * cached zone offsets (a reminder run words thousands of appointments).
 */
interface Wording {
  item: ReminderItem;
  start: ZonedInstant;
  /** Days since the epoch of its local calendar date. */
  date: number;
}

const LOCALE = 'en-US';
const calendarDay = (t: ZonedInstant) => Date.UTC(t.parts.year, t.parts.month - 1, t.parts.day) / 86_400_000;
const zoned = (ms: number, timeZone: string): ZonedInstant => ({ ms, timeZone, locale: LOCALE, parts: zonedParts(ms, timeZone) });

function wording(item: ReminderItem): Wording {
  const start = zoned(item.startsAt, item.timeZone);
  return { item, start, date: calendarDay(start) };
}

/** "Wed Dec 2". */
const day = (w: Wording) => strftime(w.start, '%a %b %-d');
/** "3:05 PM". */
const time = (w: Wording) => strftime(w.start, '%-l:%M %p');

/** "today", "tomorrow" or "on Wed Dec 2", in the patient's zone: a 2-hour and a 24-hour reminder read differently. */
function when(w: Wording, now: number | undefined): string {
  if (now === undefined) return `on ${day(w)}`;
  const days = w.date - calendarDay(zoned(now, w.item.timeZone));
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `on ${day(w)}`;
}

function describe(words: Wording[], now: number | undefined): string {
  const [first] = words;
  if (!first) return '';
  if (words.length === 1) {
    const where = first.item.location ? ` at ${first.item.location}` : '';
    return `${first.item.firstName}'s appointment ${when(first, now)} at ${time(first)} with ${first.item.clinician}${where}`;
  }
  const sameDay = words.every((w) => day(w) === day(first));
  const list = words.map((w) => `${w.item.firstName} ${sameDay ? '' : `${when(w, now)} `}at ${time(w)} with ${w.item.clinician}`).join(', ');
  return sameDay ? `appointments ${when(first, now)}: ${list}` : `appointments: ${list}`;
}

export function reminderText(channel: Channel, items: ReminderItem[], clinic: { name: string; phone: string }, now?: number): ReminderText {
  const words = items.map(wording);
  const what = describe(words, now);
  const call = clinic.phone ? ` Questions? Call ${clinic.phone}.` : '';
  switch (channel) {
    case 'email': {
      const first = words[0];
      const subject = first ? `Appointment reminder: ${day(first)} at ${time(first)}` : 'Appointment reminder';
      return { subject, body: `This is a reminder from ${clinic.name} of ${what}.${call}` };
    }
    case 'voice':
      // The Twilio provider's TwiML says the script twice (the first time is often missed
      // while the phone is picked up), so it is written once here.
      return { body: `This is ${clinic.name} with a reminder of ${what}.${call}` };
    default:
      return { body: `${clinic.name}: reminder of ${what}. Reply C to confirm, R to reschedule. Reply STOP to opt out.` };
  }
}
