/**
 * strftime for the Liquid `date` filter, in a given IANA time zone and language (luxon does the
 * zone and DST arithmetic and the localised names). Supports the usual Liquid/Ruby directives and
 * the flags `-` (no padding), `_` (space padding), `0` (zero padding) and `^` (upper case).
 */
import { DateTime } from 'luxon';

type Pad = '0' | ' ';

function pad(value: number, width: number, padChar: Pad): string {
  return String(value).padStart(width, padChar);
}

export function strftime(dt: DateTime, format: string): string {
  return format.replace(/%([-_0^]?)([a-zA-Z%+])/g, (whole, flag: string, directive: string) => {
    const out = directiveValue(dt, directive, flag);
    if (out === null) return whole;
    return flag === '^' ? out.toLocaleUpperCase(dt.locale ?? undefined) : out;
  });
}

function directiveValue(dt: DateTime, d: string, flag: string): string | null {
  const num = (value: number, width: number, defaultPad: Pad): string => {
    if (flag === '-') return String(value);
    if (flag === '_') return pad(value, width, ' ');
    if (flag === '0') return pad(value, width, '0');
    return pad(value, width, defaultPad);
  };
  const hour12 = dt.hour % 12 === 0 ? 12 : dt.hour % 12;
  switch (d) {
    case 'a':
      return dt.toFormat('ccc');
    case 'A':
      return dt.toFormat('cccc');
    case 'b':
    case 'h':
      return dt.toFormat('LLL');
    case 'B':
      return dt.toFormat('LLLL');
    case 'c':
      return dt.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY);
    case 'C':
      return num(Math.floor(dt.year / 100), 2, '0');
    case 'd':
      return num(dt.day, 2, '0');
    case 'D':
      return strftime(dt, '%m/%d/%y');
    case 'e':
      return num(dt.day, 2, ' ');
    case 'F':
      return strftime(dt, '%Y-%m-%d');
    case 'H':
      return num(dt.hour, 2, '0');
    case 'I':
      return num(hour12, 2, '0');
    case 'j':
      return num(dt.ordinal, 3, '0');
    case 'k':
      return num(dt.hour, 2, ' ');
    case 'l':
      return num(hour12, 2, ' ');
    case 'L':
      return num(dt.millisecond, 3, '0');
    case 'm':
      return num(dt.month, 2, '0');
    case 'M':
      return num(dt.minute, 2, '0');
    case 'p':
      return dt.hour < 12 ? 'AM' : 'PM';
    case 'P':
      return dt.hour < 12 ? 'am' : 'pm';
    case 'r':
      return strftime(dt, '%I:%M:%S %p');
    case 'R':
      return strftime(dt, '%H:%M');
    case 's':
      return String(Math.floor(dt.toSeconds()));
    case 'S':
      return num(dt.second, 2, '0');
    case 'T':
      return strftime(dt, '%H:%M:%S');
    case 'u':
      return String(dt.weekday);
    case 'w':
      return String(dt.weekday % 7);
    case 'x':
      return dt.toLocaleString(DateTime.DATE_SHORT);
    case 'X':
      return dt.toLocaleString(DateTime.TIME_SIMPLE);
    case 'y':
      return num(dt.year % 100, 2, '0');
    case 'Y':
      return String(dt.year);
    case 'z':
      return dt.toFormat('ZZZ');
    case 'Z':
      return dt.toFormat('ZZZZ');
    case '%':
      return '%';
    default:
      return null;
  }
}

/**
 * A value from a template context as an instant: ISO 8601 text, a Date, epoch seconds (numbers
 * below 1e11, the Liquid convention) or epoch milliseconds, or "now"/"today".
 */
export function toDateTime(value: unknown, timeZone: string, locale: string, now: Date): DateTime | null {
  let dt: DateTime | null = null;
  if (value instanceof Date) dt = DateTime.fromJSDate(value);
  else if (typeof value === 'number' && Number.isFinite(value)) dt = DateTime.fromMillis(Math.abs(value) < 1e11 ? value * 1000 : value);
  else if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'now' || s === 'today') dt = DateTime.fromJSDate(now);
    else if (/^\d+$/.test(s)) dt = DateTime.fromMillis(Number(s) < 1e11 ? Number(s) * 1000 : Number(s));
    else dt = DateTime.fromISO(s, { zone: timeZone });
  }
  if (!dt || !dt.isValid) return null;
  const zoned = dt.setZone(timeZone).setLocale(locale);
  return zoned.isValid ? zoned : null;
}
