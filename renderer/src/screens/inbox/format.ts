/** Times as the inbox shows them, in the clinic's time zone. */
import { DateTime } from 'luxon';

/** Today: 14:05; this year: 3 Mar; older: 3 Mar 2024. */
export function formatListTime(instant: number, zone: string, now: number = Date.now()): string {
  const dt = DateTime.fromMillis(instant, { zone });
  const today = DateTime.fromMillis(now, { zone });
  if (dt.hasSame(today, 'day')) return dt.toFormat('HH:mm');
  if (dt.hasSame(today, 'year')) return dt.toFormat('d LLL');
  return dt.toFormat('d LLL yyyy');
}

export function formatStamp(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('ccc d LLL, HH:mm');
}
