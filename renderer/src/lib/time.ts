/** Dates and times in the clinic's time zone. */
import { DateTime } from 'luxon';

export function todayIn(zone: string): string {
  return DateTime.now().setZone(zone).toISODate() ?? DateTime.now().toISODate() ?? '';
}

/** The instant of a wall-clock date and time in a zone, or null when they do not make one. */
export function instantFrom(date: string, time: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  return dt.isValid ? dt.toMillis() : null;
}

export function dateAndTimeOf(instant: number, zone: string): { date: string; time: string } {
  const dt = DateTime.fromMillis(instant, { zone });
  return { date: dt.toISODate() ?? '', time: dt.toFormat('HH:mm') };
}

export function formatDateTime(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('ccc d LLL yyyy, HH:mm');
}

export function formatTime(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('HH:mm');
}

export function formatDay(date: string): string {
  const dt = DateTime.fromISO(date);
  return dt.isValid ? dt.toFormat('cccc d LLLL yyyy') : date;
}

export function shiftDay(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate() ?? date;
}

export { isValidTimeZone } from '../../../shared/time-zone';
