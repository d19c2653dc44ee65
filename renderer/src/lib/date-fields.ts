/**
 * Date and time form fields (YYYY-MM-DD and 24-hour HH:mm, the values of date and time inputs)
 * and calendar-day arithmetic, in the clinic's time zone. Parsing and arithmetic only: what staff
 * read is formatted by shared/datetime.ts in the clinic's locale.
 */
import { DateTime } from 'luxon';

/** Today's calendar date in the zone, as a date input holds it. */
export function todayIn(zone: string, now: number = Date.now()): string {
  return DateTime.fromMillis(now, { zone }).toISODate() ?? '';
}

/** The instant of a wall-clock date and time in a zone, or null when they do not make one. */
export function instantFrom(date: string, time: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  return dt.isValid ? dt.toMillis() : null;
}

/** The date and time inputs' values for an instant in a zone (the inverse of instantFrom). */
export function dateAndTimeOf(instant: number, zone: string): { date: string; time: string } {
  const dt = DateTime.fromMillis(instant, { zone });
  return { date: dt.toISODate() ?? '', time: dt.toFormat('HH:mm') };
}

/** The calendar date `days` after (or before) a YYYY-MM-DD date. */
export function shiftDay(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

/** Monday of the week the YYYY-MM-DD date falls in. */
export function weekStart(date: string): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return d.isValid ? (d.minus({ days: d.weekday - 1 }).toISODate() ?? date) : date;
}

/** The calendar date of an instant in a zone. */
export function dayOf(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? '';
}
