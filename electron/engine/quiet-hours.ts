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
  // Pure in its arguments, and a batch asks it for every recipient at one instant: remember the last few.
  const key = `${at}|${zone}|${window.start}|${window.end}`;
  const hit = endCache.get(key);
  if (hit !== undefined) return hit;
  const end = computeQuietHoursEnd(at, zone, window);
  if (endCache.size >= 256) endCache.clear();
  endCache.set(key, end);
  return end;
}

const endCache = new Map<string, number | null>();

function computeQuietHoursEnd(at: number, zone: string, window: QuietWindow): number | null {
  if (!inQuietHours(at, zone, window)) return null;
  const end = minutesOf(window.end);
  const day = DateTime.fromMillis(at, { zone }).startOf('day');
  const quiet = (t: number) => inQuietHours(t, zone, window);
  for (let d = 0; d < 4; d++) {
    let t = day.plus({ days: d }).set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 }).toMillis();
    // On a fall-back day the clock can jump back out of the window (01:45 PDT becomes 01:00 PST
    // under a 01:45–00:00 window) before the local end time comes: the window opens at the jump.
    const jump = t > at ? offsetChangeBetween(at, t, zone) : null;
    if (jump !== null && !quiet(jump)) return jump;
    // On a fall-back day the wall time can occur twice; luxon gives the first, so try the second.
    const repeat = t + 3_600_000;
    if (t <= at && DateTime.fromMillis(repeat, { zone }).toFormat('HH:mm') === window.end) t = repeat;
    if (t <= at) continue;
    // The common case: the window opens exactly at the local end time.
    if (!quiet(t) && (t - 60_000 <= at || quiet(t - 60_000))) return t;
    // Around a DST change the opening moves: scan minute by minute near the local end time.
    const from = Math.max(Math.ceil((at + 1) / 60_000) * 60_000, t - 120 * 60_000);
    for (let x = from; x <= t + 120 * 60_000; x += 60_000) if (!quiet(x)) return x;
  }
  return null;
}

/**
 * The first minute after `from`, up to `to`, at which the zone's UTC offset differs from its
 * offset at `from` (a daylight-saving change), or null when the offset is the same throughout.
 * Offsets change at most once in the few days this is asked about, so a binary search finds it.
 */
function offsetChangeBetween(from: number, to: number, zone: string): number | null {
  const offsetAt = (t: number) => DateTime.fromMillis(t, { zone }).offset;
  const before = offsetAt(from);
  if (offsetAt(to) === before) return null;
  let lo = from;
  let hi = to;
  while (hi - lo > 60_000) {
    const mid = lo + Math.max(60_000, Math.floor((hi - lo) / 120_000) * 60_000);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Start and end (exclusive) of the local calendar day containing `at`, in epoch ms. */
const dayCache = new Map<string, { start: number; end: number }>();

export function localDayBounds(at: number, zone: string): { start: number; end: number } {
  const cached = dayCache.get(zone);
  if (cached && at >= cached.start && at < cached.end) return cached;
  const local = DateTime.fromMillis(at, { zone }).startOf('day');
  const bounds = { start: local.toMillis(), end: local.plus({ days: 1 }).toMillis() };
  dayCache.set(zone, bounds);
  return bounds;
}

export { isValidTimeZone as isValidZone } from '../../shared/time-zone';
