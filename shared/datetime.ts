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

type Style =
  | 'dateTime'
  | 'date'
  | 'time'
  | 'timeSeconds'
  | 'dayMonth'
  | 'weekday'
  | 'weekdayDayMonth'
  | 'weekdayDate'
  | 'isoDay';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  timeSeconds: { timeStyle: 'medium' },
  dayMonth: { day: 'numeric', month: 'short' },
  weekday: { weekday: 'short' },
  weekdayDayMonth: { weekday: 'short', day: 'numeric', month: 'short' },
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
/** "10:30:05 AM" · "10:30:05": chart labels over a short span. */
export const formatTimeWithSeconds = (instant: number, where: Where): string => formatter('timeSeconds', where).format(instant);
/** "Dec 2" · "2 Dec". */
export const formatDayMonth = (instant: number, where: Where): string => formatter('dayMonth', where).format(instant);

/** "Fri, Jan 16" / "Fri 16 Jan". */
export const formatWeekdayDayMonth = (instant: number, where: Where): string => formatter('weekdayDayMonth', where).format(instant);

// A day joined to the locale's own short time: asked for in one pattern, en-GB drops the hour's
// leading zero ("2:15") where its timeStyle writes "02:15".

/** "Dec 2, 10:30 AM" · "2 Dec, 10:30": a recent moment whose year goes without saying. */
export const formatDayMonthTime = (instant: number, where: Where): string => `${formatDayMonth(instant, where)}, ${formatTime(instant, where)}`;
/** "Wed 10:30 AM" · "Wed 10:30": a moment within a few days (reminders sent and due). */
export const formatWeekdayTime = (instant: number, where: Where): string => `${formatter('weekday', where).format(instant)} ${formatTime(instant, where)}`;
/** "Wed, Dec 2, 10:30 AM" · "Wed 2 Dec, 10:30": a message's time in a thread. */
export const formatStamp = (instant: number, where: Where): string => `${formatter('weekdayDayMonth', where).format(instant)}, ${formatTime(instant, where)}`;

/** The UTC midnight of a YYYY-MM-DD calendar date, or null when it is not one. */
function calendarUtc(isoDate: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

const CALENDAR_STYLE: Record<'medium' | 'long' | 'weekday', Style> = { medium: 'date', long: 'weekdayDate', weekday: 'weekdayDayMonth' };

/**
 * A calendar date written as YYYY-MM-DD (a birth date, a day), with no time zone shift:
 * medium "Apr 12, 1988" · long "Tuesday, April 12, 1988" · weekday "Tue, Apr 12".
 */
export function formatCalendarDate(isoDate: string, locale: string, style: 'medium' | 'long' | 'weekday' = 'medium'): string {
  const utc = calendarUtc(isoDate);
  return utc === null ? isoDate : formatter(CALENDAR_STYLE[style], { zone: 'UTC', locale }).format(utc);
}

/** Two calendar dates as one span: "Nov 30 – Dec 6, 2026" (en-US) · "30 Nov – 6 Dec 2026" (en-GB). */
export function formatCalendarRange(fromIsoDate: string, toIsoDate: string, locale: string): string {
  const from = calendarUtc(fromIsoDate);
  const to = calendarUtc(toIsoDate);
  if (from === null || to === null) return `${fromIsoDate} – ${toIsoDate}`;
  return formatter('date', { zone: 'UTC', locale }).formatRange(from, to);
}

/**
 * Labels for a chart's time axis: with seconds when the whole span is under an hour, with the
 * weekday when it is over most of a day, else the clock time.
 */
export function formatTimeLabels(instants: number[], where: Where): string[] {
  const span = (instants.at(-1) ?? 0) - (instants[0] ?? 0);
  const label = span > 20 * 3_600_000 ? formatWeekdayTime : span < 3_600_000 ? formatTimeWithSeconds : formatTime;
  return instants.map((at) => label(at, where));
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
