/**
 * Dates and times as staff read them: in the clinic's time zone and its locale's conventions
 * (12-hour clock where the locale uses one). The clinic's locale is English as written in its
 * default country (en-US, en-GB, en-AU, …). Formatters are cached per locale and zone: lists
 * format a time for every row that scrolls into view.
 */

export interface Where {
  zone: string;
  /** BCP 47 locale, e.g. en-US. */
  locale: string;
}

const locales = new Map<string, string>();

/** Cached: asking Intl which locales it supports is slow, and the renderer asks on every render of the clinic's context. */
export function clinicLocale(defaultCountry: string): string {
  const tag = `en-${defaultCountry.toUpperCase()}`;
  const known = locales.get(tag);
  if (known) return known;
  let locale: string;
  try {
    locale = Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : 'en-US';
  } catch {
    // A malformed country code is not a locale; the American default keeps dates readable.
    locale = 'en-US';
  }
  locales.set(tag, locale);
  return locale;
}

type Style = 'dateTime' | 'date' | 'time' | 'dayMonth' | 'stamp' | 'weekdayDate' | 'isoDay';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  stamp: { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
  weekdayDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  isoDay: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(style: Style, where: Where): Intl.DateTimeFormat {
  const key = `${style}|${where.locale}|${where.zone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(style === 'isoDay' ? 'en-CA' : where.locale, { ...OPTIONS[style], timeZone: where.zone });
    cache.set(key, f);
  }
  return f;
}

/** "Dec 2, 2026, 10:30 AM" (en-US) · "2 Dec 2026, 10:30" (en-GB). */
export const formatDateTime = (instant: number, where: Where): string => formatter('dateTime', where).format(instant);
/** "Dec 2, 2026". */
export const formatDate = (instant: number, where: Where): string => formatter('date', where).format(instant);
/** "10:30 AM" · "10:30". */
export const formatTime = (instant: number, where: Where): string => formatter('time', where).format(instant);
/** "Wed, Dec 2, 10:30 AM": a message's time in a thread. */
export const formatStamp = (instant: number, where: Where): string => formatter('stamp', where).format(instant);

/** A calendar date written as YYYY-MM-DD (a birth date, a day): "Apr 12, 1988", no time zone shift. */
export function formatCalendarDate(isoDate: string, locale: string, style: 'medium' | 'long' = 'medium'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const where = { zone: 'UTC', locale };
  return style === 'long' ? formatter('weekdayDate', where).format(utc) : formatter('date', where).format(utc);
}

/** For lists: today the time, this year the day and month, older the full date. */
export function formatListTime(instant: number, where: Where, now: number): string {
  const day = formatter('isoDay', where);
  const at = day.format(instant);
  const today = day.format(now);
  if (at === today) return formatTime(instant, where);
  if (at.slice(0, 4) === today.slice(0, 4)) return formatter('dayMonth', where).format(instant);
  return formatDate(instant, where);
}
