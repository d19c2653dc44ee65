/**
 * Quiet hours (DESIGN §3 rule 3) in the patient's local time. A window is `HH:MM`–`HH:MM` and may
 * span midnight (21:00–08:00). Computed with luxon so daylight-saving changes are honoured: the
 * window opens at the local wall-clock end time of the right day, whatever the UTC offset.
 */
import { DateTime } from 'luxon';

export interface QuietWindow {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether `at` falls inside the window in `zone`. An empty window (start == end) is never quiet. */
export function inQuietHours(at: number, zone: string, window: QuietWindow): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return false;
  const local = DateTime.fromMillis(at, { zone });
  const m = local.hour * 60 + local.minute;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * When the window that contains `at` opens again (the next local `end` time), or null when `at`
 * is not in quiet hours. On a day where `end` does not exist (spring forward) luxon moves it
 * forward past the gap, which is still outside the window.
 */
export function quietHoursEnd(at: number, zone: string, window: QuietWindow): number | null {
  if (!inQuietHours(at, zone, window)) return null;
  const end = minutesOf(window.end);
  const local = DateTime.fromMillis(at, { zone });
  let candidate = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= at) candidate = candidate.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  // A window like 21:00–08:00 asked at 23:00 opens tomorrow; asked at 02:00 it opens today.
  let result = candidate.toMillis();
  // Guard against odd DST edges: walk forward a minute at a time until outside (at most 2 h).
  for (let i = 0; i < 120 && inQuietHours(result, zone, window); i++) result += 60_000;
  return result;
}

/** Start and end (exclusive) of the local calendar day containing `at`, in epoch ms. */
export function localDayBounds(at: number, zone: string): { start: number; end: number } {
  const local = DateTime.fromMillis(at, { zone }).startOf('day');
  return { start: local.toMillis(), end: local.plus({ days: 1 }).toMillis() };
}

export function isValidZone(zone: string | null | undefined): zone is string {
  return !!zone && DateTime.local().setZone(zone).isValid;
}
