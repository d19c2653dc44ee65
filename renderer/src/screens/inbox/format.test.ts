import { describe, expect, it } from 'vitest';
import { formatListTime, formatStamp } from './format';

describe('inbox times', () => {
  const now = Date.UTC(2026, 0, 15, 15, 0); // 10:00 in New York
  const ny = { zone: 'America/New_York', locale: 'en-US' };
  it('shows the time today, the day this year, and the year before that, in the clinic zone', () => {
    expect(formatListTime(Date.UTC(2026, 0, 15, 14, 5), ny, now)).toMatch(/^9:05\sAM$/);
    // 02:00 UTC on the 15th is still the 14th in New York.
    expect(formatListTime(Date.UTC(2026, 0, 15, 2, 0), ny, now)).toBe('Jan 14');
    expect(formatListTime(Date.UTC(2025, 11, 31, 18, 0), ny, now)).toBe('Dec 31, 2025');
  });
  it('stamps carry the weekday, day, month and time, 12-hour where the locale says so', () => {
    expect(formatStamp(Date.UTC(2026, 0, 15, 14, 5), ny)).toMatch(/^Thu, Jan 15, 9:05\sAM$/);
    expect(formatStamp(Date.UTC(2026, 0, 15, 14, 5), { zone: 'Europe/Paris', locale: 'en-GB' })).toBe('Thu 15 Jan, 15:05');
  });
});
