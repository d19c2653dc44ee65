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

function describe(items: ReminderItem[]): string {
  const [first] = items;
  if (!first) return '';
  if (items.length === 1) {
    const where = first.location ? ` at ${first.location}` : '';
    return `${first.firstName}'s appointment on ${day(first)} at ${time(first)} with ${first.clinician}${where}`;
  }
  const list = items.map((i) => `${i.firstName} at ${time(i)} with ${i.clinician}`).join(', ');
  return `appointments on ${day(first)}: ${list}`;
}

export function reminderText(channel: Channel, items: ReminderItem[], clinic: { name: string; phone: string }): ReminderText {
  const what = describe(items);
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
