/**
 * Times as the inbox shows them, in the clinic's time zone and locale (shared/datetime.ts: one
 * formatting module, cached formatters — the list formats a time for every row in view).
 */
import { formatListTime as listTime, formatStamp as stamp, type Where } from '../../../../shared/datetime';
import { whereFor } from '../../lib/display-locale';

/** Today: 9:05 AM; this year: Jan 14; older: Dec 31, 2025 (en-US). */
export function formatListTime(instant: number, where: string | Where, now: number = Date.now()): string {
  return listTime(instant, whereFor(where), now);
}

/** "Thu, Jan 15, 9:05 AM" (en-US) · "Thu 15 Jan, 09:05" (en-GB). */
export function formatStamp(instant: number, where: string | Where): string {
  return stamp(instant, whereFor(where));
}
