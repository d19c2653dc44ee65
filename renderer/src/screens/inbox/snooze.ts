/** Snooze choices, computed in the clinic's time zone. */
import { DateTime } from 'luxon';

export interface SnoozeChoice {
  key: string;
  label: string;
  until: number;
}

export function snoozeChoices(now: number, zone: string): SnoozeChoice[] {
  const local = DateTime.fromMillis(now, { zone });
  const tomorrow = local.plus({ days: 1 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  const daysToMonday = ((8 - local.weekday) % 7) || 7;
  const monday = local.plus({ days: daysToMonday }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  return [
    { key: '1', label: 'In 1 hour', until: local.plus({ hours: 1 }).toMillis() },
    { key: '2', label: 'In 3 hours', until: local.plus({ hours: 3 }).toMillis() },
    { key: '3', label: `Tomorrow 08:00 (${tomorrow.toFormat('ccc d LLL')})`, until: tomorrow.toMillis() },
    { key: '4', label: `Monday 08:00 (${monday.toFormat('d LLL')})`, until: monday.toMillis() },
  ];
}
