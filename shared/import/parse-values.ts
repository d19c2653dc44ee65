/**
 * Reading the values of an import row: dates, times, durations, names, statuses, languages.
 * Every reader returns a value or a readable reason; nothing throws.
 */
import { DateTime } from 'luxon';
import type { DateOrder } from './fields';
import type { AppointmentStatus } from '../domain';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(reason: string): Read<T> => ({ ok: false, reason });

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function fullYear(y: string, pivotYear: number): number {
  if (y.length === 4) return Number(y);
  const two = Number(y);
  const century = Math.floor(pivotYear / 100) * 100;
  // Two-digit years are read as the most recent such year not after the pivot (a birth year).
  return century + two > pivotYear ? century - 100 + two : century + two;
}

/**
 * Reads a calendar date: ISO (2026-03-04), YYYY/MM/DD, DD.MM.YYYY (always day first), and
 * a/b/yyyy or a-b-yyyy read in the file's date order. Two-digit years are allowed.
 */
export function readDate(raw: string, order: DateOrder, pivotYear: number): Read<CalendarDate> {
  const s = raw.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  let parts: [number, number, number] | null = null;
  if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!parts && (m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/.exec(s))) {
    parts = [fullYear(m[3] ?? '', pivotYear), Number(m[2]), Number(m[1])];
  }
  if (!parts && (m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$/.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3] ?? '', pivotYear);
    parts = order === 'DMY' ? [y, b, a] : [y, a, b];
  }
  if (!parts && (m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!parts) return bad(`"${s}" is not a date we can read (use e.g. ${order === 'DMY' ? '31/12/2026' : '12/31/2026'} or 2026-12-31)`);
  const [year, month, day] = parts;
  if (!realDate(year, month, day)) {
    return bad(`"${s}" is not a real date (read as ${order === 'DMY' ? 'day/month' : order === 'MDY' ? 'month/day' : 'year/month/day'}: month ${month}, day ${day})`);
  }
  return ok({ year, month, day });
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoOf = (d: CalendarDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** Reads a date of birth as `YYYY-MM-DD`; it may not be in the future or more than 130 years ago. */
export function readBirthDate(raw: string, order: DateOrder, today: CalendarDate): Read<string> {
  const read = readDate(raw, order, today.year);
  if (!read.ok) return read;
  const iso = isoOf(read.value);
  if (iso > isoOf(today)) return bad(`Date of birth ${iso} is in the future`);
  if (read.value.year < today.year - 130) return bad(`Date of birth ${iso} is more than 130 years ago`);
  return ok(iso);
}

/** Reads a time of day: 14:30, 14:30:00, 2:30 PM, 2pm, 1430. */
export function readTime(raw: string): Read<{ hour: number; minute: number }> {
  const s = raw.trim().toLowerCase().replace(/\./g, '');
  const m = /^(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?\s*(am|pm|a|p)?$/.exec(s);
  if (!m || (!m[2] && !m[4])) return bad(`"${raw.trim()}" is not a time we can read (use e.g. 14:30 or 2:30 PM)`);
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const meridiem = m[4];
  if (minute > 59) return bad(`"${raw.trim()}" is not a valid time`);
  if (meridiem) {
    if (hour < 1 || hour > 12) return bad(`"${raw.trim()}" is not a valid 12-hour time`);
    if (meridiem.startsWith('p') && hour !== 12) hour += 12;
    if (meridiem.startsWith('a') && hour === 12) hour = 0;
  } else if (hour > 23) {
    return bad(`"${raw.trim()}" is not a valid time`);
  }
  return ok({ hour, minute });
}

/** A local date and time in the clinic's zone as an instant; a wall time skipped by a DST change is refused. */
export function localInstant(date: CalendarDate, time: { hour: number; minute: number }, zone: string): Read<number> {
  const dt = DateTime.fromObject({ ...date, hour: time.hour, minute: time.minute }, { zone });
  if (!dt.isValid) return bad(`${isoOf(date)} ${pad(time.hour)}:${pad(time.minute)} is not a valid time in ${zone}`);
  if (dt.hour !== time.hour || dt.minute !== time.minute) {
    return bad(`${isoOf(date)} ${pad(time.hour)}:${pad(time.minute)} does not exist in ${zone} (clocks change that night)`);
  }
  return ok(dt.toMillis());
}

/**
 * Reads an appointment start: an ISO instant with an offset (taken as written), or a date and a
 * time separated by a space or `T` (read in the clinic's zone).
 */
export function readDateTime(raw: string, order: DateOrder, zone: string, pivotYear: number): Read<number> {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const dt = DateTime.fromISO(s, { setZone: true });
    return dt.isValid ? ok(dt.toMillis()) : bad(`"${s}" is not a valid date and time`);
  }
  const m = /^(\S+)(?:\s+|T)(.+)$/.exec(s);
  if (!m) return bad(`"${s}" needs both a date and a time (e.g. 2026-03-04 14:30)`);
  const date = readDate(m[1] ?? '', order, pivotYear);
  if (!date.ok) return date;
  const time = readTime(m[2] ?? '');
  if (!time.ok) return time;
  return localInstant(date.value, time.value, zone);
}

/** Minutes: 30, "30 min", "1:30", "1h 30m", "1.5h". */
export function readDuration(raw: string): Read<number> {
  const s = raw.trim().toLowerCase();
  let minutes: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)\s*(m|min|mins|minutes)?$/.exec(s))) minutes = Number(m[1]);
  else if ((m = /^(\d+):(\d{2})$/.exec(s))) minutes = Number(m[1]) * 60 + Number(m[2]);
  else if ((m = /^(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?)(?:\s*(\d+)\s*(m|min|mins|minutes)?)?$/.exec(s))) {
    minutes = Math.round(Number(m[1]) * 60) + Number(m[3] ?? '0');
  }
  if (minutes === null) return bad(`"${raw.trim()}" is not a duration we can read (use minutes, e.g. 30)`);
  if (minutes < 5 || minutes > 24 * 60) return bad(`A duration of ${minutes} minutes is outside 5 minutes to 24 hours`);
  return ok(minutes);
}

const STATUS_WORDS: Record<string, AppointmentStatus> = {
  booked: 'booked', scheduled: 'booked', pending: 'booked', proposed: 'booked', new: 'booked', open: 'booked', unconfirmed: 'booked',
  confirmed: 'confirmed',
  cancelled: 'cancelled', canceled: 'cancelled', cancel: 'cancelled', cx: 'cancelled', deleted: 'cancelled', enteredinerror: 'cancelled',
  rescheduled: 'rescheduled',
  completed: 'completed', complete: 'completed', fulfilled: 'completed', done: 'completed', seen: 'completed', arrived: 'completed',
  checkedin: 'completed', checkedout: 'completed',
  noshow: 'no_show', dna: 'no_show', didnotattend: 'no_show', missed: 'no_show',
};

export function readStatus(raw: string): Read<AppointmentStatus> {
  const key = raw.trim().toLowerCase().replace(/[^a-z]/g, '');
  if (key === '') return ok('booked');
  const status = STATUS_WORDS[key];
  return status ? ok(status) : bad(`"${raw.trim()}" is not an appointment status we know (booked, confirmed, cancelled, completed, no-show)`);
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en', spanish: 'es', espanol: 'es', french: 'fr', francais: 'fr', german: 'de', deutsch: 'de', italian: 'it',
  portuguese: 'pt', chinese: 'zh', mandarin: 'zh', cantonese: 'zh', vietnamese: 'vi', korean: 'ko', arabic: 'ar', russian: 'ru',
  tagalog: 'tl', filipino: 'tl', polish: 'pl', dutch: 'nl', japanese: 'ja', hindi: 'hi', turkish: 'tr', greek: 'el', haitiancreole: 'ht',
  somali: 'so', farsi: 'fa', persian: 'fa', ukrainian: 'uk', romanian: 'ro', hebrew: 'he', punjabi: 'pa', urdu: 'ur', bengali: 'bn',
};

/** A language as a lower-case code (en, es, pt-br) from a code or an English/native name. */
export function readLanguage(raw: string): Read<string> {
  const s = raw.trim();
  if (/^[a-z]{2,3}([-_][a-z0-9]{2,4})?$/i.test(s)) return ok(s.toLowerCase().replace('_', '-'));
  const key = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
  const code = LANGUAGE_NAMES[key];
  return code ? ok(code) : bad(`"${s}" is not a language we know; use a code like en or es`);
}

/** Splits "Last, First" or "First Middle Last" into first and last names. */
export function splitFullName(raw: string): Read<{ firstName: string; lastName: string }> {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (s === '') return bad('The name is empty');
  const comma = s.indexOf(',');
  if (comma >= 0) {
    const lastName = s.slice(0, comma).trim();
    const firstName = s.slice(comma + 1).trim();
    if (lastName && firstName) return ok({ firstName, lastName });
    return bad(`"${s}" needs both a first and a last name`);
  }
  const space = s.lastIndexOf(' ');
  if (space < 0) return bad(`"${s}" needs both a first and a last name`);
  return ok({ firstName: s.slice(0, space), lastName: s.slice(space + 1) });
}
