/**
 * Wall-clock parts of an instant in an IANA zone, and localised names, through cached
 * Intl.DateTimeFormat objects (creating one costs far more than using it; a 50,000-patient
 * broadcast renders 50,000 dates).
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Offset from UTC in minutes (e.g. -240 for EDT). */
  offsetMinutes: number;
  /** Short zone name such as "EST" or "GMT+1". */
  zoneName: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export { isValidTimeZone as isValidZone } from '../time-zone';

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    timeZoneName: 'short',
  });
}

/** Offset and zone name by 15-minute bucket: real zone transitions fall on quarter hours (UTC). */
const offsetCache = new Map<string, { offsetMinutes: number; zoneName: string }>();
const OFFSET_BUCKET_MS = 15 * 60_000;

function zoneOffset(ms: number, timeZone: string): { offsetMinutes: number; zoneName: string } {
  const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  const hit = offsetCache.get(key);
  if (hit) return hit;
  const at = bucket * OFFSET_BUCKET_MS;
  const f = formatter(`parts|${timeZone}`, () => partsFormatter(timeZone));
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  const wall = Date.UTC(Number(out.year), Number(out.month) - 1, Number(out.day), Number(out.hour) % 24, Number(out.minute), Number(out.second));
  const value = { offsetMinutes: Math.round((wall - at) / 60_000), zoneName: out.timeZoneName ?? timeZone };
  if (offsetCache.size >= 20_000) offsetCache.clear();
  offsetCache.set(key, value);
  return value;
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const { offsetMinutes, zoneName } = zoneOffset(ms, timeZone);
  const wall = new Date(ms + offsetMinutes * 60_000);
  const day = wall.getUTCDay();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: day === 0 ? 7 : day,
    offsetMinutes,
    zoneName,
  };
}

/** Localised month or weekday names (index 0 = January / Monday). */
function names(kind: 'month' | 'weekday', width: 'long' | 'short', locale: string): string[] {
  const key = `${kind}|${width}|${locale}`;
  const cached = nameCache.get(key);
  if (cached) return cached;
  const f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...(kind === 'month' ? { month: width } : { weekday: width }) });
  // 2024-01-01 was a Monday.
  const list =
    kind === 'month'
      ? Array.from({ length: 12 }, (_, i) => f.format(Date.UTC(2024, i, 15)))
      : Array.from({ length: 7 }, (_, i) => f.format(Date.UTC(2024, 0, 1 + i)));
  nameCache.set(key, list);
  return list;
}
const nameCache = new Map<string, string[]>();

export function monthName(month: number, width: 'long' | 'short', locale: string): string {
  return names('month', width, locale)[month - 1] ?? String(month);
}

export function weekdayName(weekday: number, width: 'long' | 'short', locale: string): string {
  return names('weekday', width, locale)[weekday - 1] ?? String(weekday);
}

/** Locale-formatted text through a cached formatter (`options` must be a constant shape per key). */
export function formatInZone(ms: number, timeZone: string, locale: string, key: string, options: Intl.DateTimeFormatOptions): string {
  return formatter(`${key}|${timeZone}|${locale}`, () => new Intl.DateTimeFormat(locale, { ...options, timeZone })).format(ms);
}
