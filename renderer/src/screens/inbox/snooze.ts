/** Snooze choices, computed in the clinic's time zone and labelled in its locale ("8:00 AM" or "08:00"). */
import { DateTime } from 'luxon';
import { formatDayMonth, formatTime, formatWeekdayDayMonth, type Where } from '../../../../shared/datetime';

export interface SnoozeChoice {
  key: string;
  label: string;
  until: number;
}

export function snoozeChoices(now: number, where: Where): SnoozeChoice[] {
  const local = DateTime.fromMillis(now, { zone: where.zone });
  const tomorrow = local.plus({ days: 1 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  const daysToMonday = ((8 - local.weekday) % 7) || 7;
  const monday = local.plus({ days: daysToMonday }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  return [
    { key: '1', label: 'In 1 hour', until: local.plus({ hours: 1 }).toMillis() },
    { key: '2', label: 'In 3 hours', until: local.plus({ hours: 3 }).toMillis() },
    { key: '3', label: `Tomorrow ${formatTime(tomorrow.toMillis(), where)} (${formatWeekdayDayMonth(tomorrow.toMillis(), where)})`, until: tomorrow.toMillis() },
    { key: '4', label: `Monday ${formatTime(monday.toMillis(), where)} (${formatDayMonth(monday.toMillis(), where)})`, until: monday.toMillis() },
  ];
}
