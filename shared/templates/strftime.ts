/**
 * strftime for the Liquid `date` filter, in a given IANA time zone and language (luxon does the
 * zone and DST arithmetic and the localised names). Supports the usual Liquid/Ruby directives and
 * the flags `-` (no padding), `_` (space padding), `0` (zero padding) and `^` (upper case).
 */
import { DateTime } from 'luxon';
import { formatInZone, monthName, weekdayName, zonedParts, type ZonedParts } from './zoned-time';

/** An instant with its wall-clock parts in a zone, and the language for names. */
export interface ZonedInstant {
  ms: number;
  timeZone: string;
  locale: string;
  parts: ZonedParts;
}

type Pad = '0' | ' ';

function pad(value: number, width: number, padChar: Pad): string {
  return String(value).padStart(width, padChar);
}

export function strftime(t: ZonedInstant, format: string): string {
  return format.replace(/%([-_0^]?)([a-zA-Z%+])/g, (whole, flag: string, directive: string) => {
    const out = directiveValue(t, directive, flag);
    if (out === null) return whole;
    return flag === '^' ? out.toLocaleUpperCase(t.locale) : out;
  });
}

function directiveValue(t: ZonedInstant, d: string, flag: string): string | null {
  const p = t.parts;
  const num = (value: number, width: number, defaultPad: Pad): string => {
    if (flag === '-') return String(value);
    if (flag === '_') return pad(value, width, ' ');
    if (flag === '0') return pad(value, width, '0');
    return pad(value, width, defaultPad);
  };
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  switch (d) {
    case 'a':
      return weekdayName(p.weekday, 'short', t.locale);
    case 'A':
      return weekdayName(p.weekday, 'long', t.locale);
    case 'b':
    case 'h':
      return monthName(p.month, 'short', t.locale);
    case 'B':
      return monthName(p.month, 'long', t.locale);
    case 'c':
      return formatInZone(t.ms, t.timeZone, t.locale, 'c', { dateStyle: 'medium', timeStyle: 'short' });
    case 'C':
      return num(Math.floor(p.year / 100), 2, '0');
    case 'd':
      return num(p.day, 2, '0');
    case 'D':
      return strftime(t, '%m/%d/%y');
    case 'e':
      return num(p.day, 2, ' ');
    case 'F':
      return strftime(t, '%Y-%m-%d');
    case 'H':
      return num(p.hour, 2, '0');
    case 'I':
      return num(hour12, 2, '0');
    case 'j':
      return num(Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1, 3, '0');
    case 'k':
      return num(p.hour, 2, ' ');
    case 'l':
      return num(hour12, 2, ' ');
    case 'L':
      return num(p.millisecond, 3, '0');
    case 'm':
      return num(p.month, 2, '0');
    case 'M':
      return num(p.minute, 2, '0');
    case 'p':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'P':
      return p.hour < 12 ? 'am' : 'pm';
    case 'r':
      return strftime(t, '%I:%M:%S %p');
    case 'R':
      return strftime(t, '%H:%M');
    case 's':
      return String(Math.floor(t.ms / 1000));
    case 'S':
      return num(p.second, 2, '0');
    case 'T':
      return strftime(t, '%H:%M:%S');
    case 'u':
      return String(p.weekday);
    case 'w':
      return String(p.weekday % 7);
    case 'x':
      return formatInZone(t.ms, t.timeZone, t.locale, 'x', { dateStyle: 'short' });
    case 'X':
      return formatInZone(t.ms, t.timeZone, t.locale, 'X', { timeStyle: 'short' });
    case 'y':
      return num(p.year % 100, 2, '0');
    case 'Y':
      return String(p.year);
    case 'z': {
      const sign = p.offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(p.offsetMinutes);
      return `${sign}${pad(Math.floor(abs / 60), 2, '0')}${pad(abs % 60, 2, '0')}`;
    }
    case 'Z':
      return p.zoneName;
    case '%':
      return '%';
    default:
      return null;
  }
}

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A value from a template context as an instant: ISO 8601 text (without an offset it is read as
 * wall time in the zone), a Date, epoch seconds (numbers below 1e11, the Liquid convention) or
 * epoch milliseconds, or "now"/"today".
 */
export function toZonedInstant(value: unknown, timeZone: string, locale: string, now: Date): ZonedInstant | null {
  let ms: number | null = null;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number' && Number.isFinite(value)) ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'now' || s === 'today') ms = now.getTime();
    else if (/^\d+$/.test(s)) ms = Number(s) < 1e11 ? Number(s) * 1000 : Number(s);
    else if (/^\d{4}-\d{2}-\d{2}T/.test(s) && HAS_OFFSET.test(s)) ms = Date.parse(s);
    else {
      const dt = DateTime.fromISO(s, { zone: timeZone });
      ms = dt.isValid ? dt.toMillis() : null;
    }
  }
  if (ms === null || !Number.isFinite(ms)) return null;
  try {
    return { ms, timeZone, locale, parts: zonedParts(ms, timeZone) };
  } catch {
    // An unknown zone or an instant Intl cannot format: not a date for the filter.
    return null;
  }
}
