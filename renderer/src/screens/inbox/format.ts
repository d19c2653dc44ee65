/**
 * Times as the inbox shows them, in the clinic's time zone. Uses cached Intl formatters (one set
 * per zone): the list formats a time for every row that scrolls into view.
 */

interface Formatters {
  day: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  dayMonth: Intl.DateTimeFormat;
  dayMonthYear: Intl.DateTimeFormat;
  stamp: Intl.DateTimeFormat;
}

const cache = new Map<string, Formatters>();

function formatters(zone: string): Formatters {
  let f = cache.get(zone);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      dayMonth: new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' }),
      dayMonthYear: new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' }),
      stamp: new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    cache.set(zone, f);
  }
  return f;
}

/** Today: 14:05; this year: 3 Mar; older: 3 Mar 2024. */
export function formatListTime(instant: number, zone: string, now: number = Date.now()): string {
  const f = formatters(zone);
  const day = f.day.format(instant);
  const today = f.day.format(now);
  if (day === today) return f.time.format(instant);
  if (day.slice(0, 4) === today.slice(0, 4)) return f.dayMonth.format(instant);
  return f.dayMonthYear.format(instant);
}

/** "Thu 15 Jan, 14:05". */
export function formatStamp(instant: number, zone: string): string {
  return f2(formatters(zone).stamp, instant);
}

function f2(format: Intl.DateTimeFormat, instant: number): string {
  const parts = format.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}, ${get('hour')}:${get('minute')}`;
}
