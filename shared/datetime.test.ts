import { describe, expect, it } from 'vitest';
import {
  clinicLocale,
  formatCalendarDate,
  formatCalendarRange,
  formatDateTime,
  formatDayMonth,
  formatDayMonthTime,
  formatListTime,
  formatStamp,
  formatTime,
  formatTimeLabels,
  formatTimeWithSeconds,
  formatWeekdayTime,
} from './datetime';

const AT = Date.UTC(2026, 11, 2, 15, 30); // 10:30 in New York, 15:30 in London
const US = { zone: 'America/New_York', locale: clinicLocale('US') };
const GB = { zone: 'Europe/London', locale: clinicLocale('GB') };

describe('dates and times in the clinic’s locale and zone', () => {
  it('uses a 12-hour clock where the locale does, 24-hour where it does not', () => {
    expect(formatTime(AT, US)).toMatch(/^10:30\sAM$/);
    expect(formatTime(AT, GB)).toBe('15:30');
    expect(formatDateTime(AT, US)).toMatch(/^Dec 2, 2026, 10:30\sAM$/);
    expect(formatDateTime(AT, GB)).toBe('2 Dec 2026, 15:30');
    expect(formatStamp(AT, US)).toMatch(/^Wed, Dec 2, 10:30\sAM$/);
    expect(formatStamp(AT, GB)).toBe('Wed 2 Dec, 15:30');
  });

  it('writes a birth date without shifting it by the zone', () => {
    expect(formatCalendarDate('1988-04-12', 'en-US')).toBe('Apr 12, 1988');
    expect(formatCalendarDate('1988-04-12', 'en-GB')).toBe('12 Apr 1988');
    expect(formatCalendarDate('not a date', 'en-US')).toBe('not a date');
  });

  it('lists: the time today, the day this year, the date before', () => {
    expect(formatListTime(AT, US, AT + 3_600_000)).toMatch(/^10:30\sAM$/);
    expect(formatListTime(AT - 30 * 86_400_000, US, AT)).toBe('Nov 2');
    expect(formatListTime(Date.UTC(2024, 2, 3, 12), US, AT)).toBe('Mar 3, 2024');
  });

  it('short forms keep the locale’s clock and order', () => {
    expect(formatWeekdayTime(AT, US)).toMatch(/^Wed 10:30\sAM$/);
    expect(formatWeekdayTime(AT, GB)).toBe('Wed 15:30');
    expect(formatDayMonthTime(AT, US)).toMatch(/^Dec 2, 10:30\sAM$/);
    expect(formatDayMonthTime(AT, GB)).toBe('2 Dec, 15:30');
    expect(formatDayMonth(AT, US)).toBe('Dec 2');
    expect(formatDayMonth(AT, GB)).toBe('2 Dec');
    expect(formatTimeWithSeconds(AT + 5_000, US)).toMatch(/^10:30:05\sAM$/);
    expect(formatTimeWithSeconds(AT + 5_000, GB)).toBe('15:30:05');
  });

  it('formats in the given zone, not the machine’s: late evening in New York is the next day in London', () => {
    const late = Date.UTC(2026, 11, 3, 2, 15); // Dec 2, 9:15 PM in New York
    expect(formatDayMonthTime(late, US)).toMatch(/^Dec 2, 9:15\sPM$/);
    expect(formatDayMonthTime(late, GB)).toBe('3 Dec, 02:15');
  });

  it('writes calendar days long, with the weekday, and as a span', () => {
    expect(formatCalendarDate('2030-03-14', 'en-US', 'long')).toBe('Thursday, March 14, 2030');
    expect(formatCalendarDate('2030-03-14', 'en-US', 'weekday')).toBe('Thu, Mar 14');
    expect(formatCalendarDate('2030-03-14', 'en-GB', 'weekday')).toBe('Thu 14 Mar');
    expect(formatCalendarRange('2026-11-30', '2026-12-06', 'en-US')).toMatch(/^Nov 30\s–\sDec 6, 2026$/);
    expect(formatCalendarRange('2026-11-30', '2026-12-06', 'en-GB')).toMatch(/^30 Nov\s–\s6 Dec 2026$/);
    expect(formatCalendarRange('2026-12-28', '2027-01-03', 'en-US')).toMatch(/^Dec 28, 2026\s–\sJan 3, 2027$/);
    expect(formatCalendarRange('soon', '2027-01-03', 'en-US')).toBe('soon – 2027-01-03');
  });

  it('labels a chart’s axis by its span: seconds under an hour, the weekday over most of a day', () => {
    expect(formatTimeLabels([AT, AT + 30_000], US).map((l) => l.replace(/\s/g, ' '))).toEqual(['10:30:00 AM', '10:30:30 AM']);
    expect(formatTimeLabels([AT, AT + 2 * 3_600_000], GB)).toEqual(['15:30', '17:30']);
    expect(formatTimeLabels([AT, AT + 2 * 86_400_000], US).map((l) => l.replace(/\s/g, ' '))).toEqual(['Wed 10:30 AM', 'Fri 10:30 AM']);
    expect(formatTimeLabels([], US)).toEqual([]);
  });

  it('falls back to en-US for a country code that is no locale', () => {
    expect(clinicLocale('us')).toBe('en-US');
    expect(clinicLocale('!!')).toBe('en-US');
  });
});
