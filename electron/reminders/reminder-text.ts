/**
 * The built-in reminder wording, used when a rule has no template of its own. Minimum
 * necessary (DESIGN rule 7): clinic, names, date and time, clinician and location; never the
 * clinical reason. Times are in the patient's own time zone.
 */
import { DateTime } from 'luxon';
import type { Channel } from '../../shared/domain';

export interface ReminderItem {
  firstName: string;
  startsAt: number;
  clinician: string;
  location: string;
  timeZone: string;
}

export interface ReminderText {
  body: string;
  subject?: string;
}

const day = (item: ReminderItem) => DateTime.fromMillis(item.startsAt, { zone: item.timeZone }).toFormat('ccc LLL d');
const time = (item: ReminderItem) => DateTime.fromMillis(item.startsAt, { zone: item.timeZone }).toFormat('h:mm a');

/** "today", "tomorrow" or "on Wed Dec 2", in the patient's zone: a 2-hour and a 24-hour reminder read differently. */
function when(item: ReminderItem, now: number | undefined): string {
  if (now === undefined) return `on ${day(item)}`;
  const at = DateTime.fromMillis(item.startsAt, { zone: item.timeZone }).startOf('day');
  const today = DateTime.fromMillis(now, { zone: item.timeZone }).startOf('day');
  const days = Math.round(at.diff(today, 'days').days);
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `on ${day(item)}`;
}

function describe(items: ReminderItem[], now: number | undefined): string {
  const [first] = items;
  if (!first) return '';
  if (items.length === 1) {
    const where = first.location ? ` at ${first.location}` : '';
    return `${first.firstName}'s appointment ${when(first, now)} at ${time(first)} with ${first.clinician}${where}`;
  }
  const sameDay = items.every((i) => day(i) === day(first));
  const list = items.map((i) => `${i.firstName} ${sameDay ? '' : `${when(i, now)} `}at ${time(i)} with ${i.clinician}`).join(', ');
  return sameDay ? `appointments ${when(first, now)}: ${list}` : `appointments: ${list}`;
}

export function reminderText(channel: Channel, items: ReminderItem[], clinic: { name: string; phone: string }, now?: number): ReminderText {
  const what = describe(items, now);
  const call = clinic.phone ? ` Questions? Call ${clinic.phone}.` : '';
  switch (channel) {
    case 'email': {
      const first = items[0];
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
