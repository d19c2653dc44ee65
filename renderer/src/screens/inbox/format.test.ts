import { describe, expect, it } from 'vitest';
import { formatListTime, formatStamp } from './format';

describe('inbox times', () => {
  const now = Date.UTC(2026, 0, 15, 15, 0); // 10:00 in New York
  it('shows the time today, the day this year, and the year before that, in the clinic zone', () => {
    expect(formatListTime(Date.UTC(2026, 0, 15, 14, 5), 'America/New_York', now)).toBe('09:05');
    // 02:00 UTC on the 15th is still the 14th in New York.
    expect(formatListTime(Date.UTC(2026, 0, 15, 2, 0), 'America/New_York', now)).toBe('14 Jan');
    expect(formatListTime(Date.UTC(2025, 11, 31, 18, 0), 'America/New_York', now)).toBe('31 Dec 2025');
  });
  it('stamps carry the weekday, day, month and 24-hour time', () => {
    expect(formatStamp(Date.UTC(2026, 0, 15, 14, 5), 'America/New_York')).toBe('Thu 15 Jan, 09:05');
    expect(formatStamp(Date.UTC(2026, 0, 15, 14, 5), 'Europe/Paris')).toBe('Thu 15 Jan, 15:05');
  });
});
