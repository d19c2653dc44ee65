import { describe, expect, it } from 'vitest';
import { clinicLocale, formatCalendarDate, formatDateTime, formatListTime, formatStamp, formatTime } from './datetime';

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

  it('falls back to en-US for a country code that is no locale', () => {
    expect(clinicLocale('us')).toBe('en-US');
    expect(clinicLocale('!!')).toBe('en-US');
  });
});
