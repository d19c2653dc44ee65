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
 * is not in quiet hours (or the window never opens within four days: a 24-hour window).
 */
export function quietHoursEnd(at: number, zone: string, window: QuietWindow): number | null {
  if (!inQuietHours(at, zone, window)) return null;
  const end = minutesOf(window.end);
  const day = DateTime.fromMillis(at, { zone }).startOf('day');
  for (let d = 0; d < 4; d++) {
    // The local wall-clock end time of day d. On a day where that time does not exist (spring
    // forward) luxon moves it past the gap; if it is still quiet, the window opens another day.
    let t = day.plus({ days: d }).set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 }).toMillis();
    // On a fall-back day the wall time can occur twice; luxon gives the first, so try the second.
    const repeat = t + 3_600_000;
    if (t <= at && DateTime.fromMillis(repeat, { zone }).toFormat('HH:mm') === window.end) t = repeat;
    if (t <= at || inQuietHours(t, zone, window)) continue;
    // Across a DST gap the window may already have ended a little earlier: step back to the first open minute.
    for (let i = 0; i < 120 && t - 60_000 > at && !inQuietHours(t - 60_000, zone, window); i++) t -= 60_000;
    return t;
  }
  return null;
}

/** Start and end (exclusive) of the local calendar day containing `at`, in epoch ms. */
export function localDayBounds(at: number, zone: string): { start: number; end: number } {
  const local = DateTime.fromMillis(at, { zone }).startOf('day');
  return { start: local.toMillis(), end: local.plus({ days: 1 }).toMillis() };
}

export function isValidZone(zone: string | null | undefined): zone is string {
  return !!zone && DateTime.local().setZone(zone).isValid;
}
