import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateAndTimeOf, dayOf, instantFrom, shiftDay, todayIn, weekStart } from './date-fields';

const NY = 'America/New_York';

describe('date and time fields in the clinic’s zone', () => {
  it('reads a wall-clock date and time in the zone, not the machine’s', () => {
    expect(instantFrom('2026-12-02', '10:30', NY)).toBe(Date.UTC(2026, 11, 2, 15, 30));
    expect(instantFrom('2026-07-02', '10:30', NY)).toBe(Date.UTC(2026, 6, 2, 14, 30));
  });

  it('refuses what is not a date and a 24-hour time', () => {
    expect(instantFrom('2026-12-2', '10:30', NY)).toBeNull();
    expect(instantFrom('2026-12-02', '10:30 AM', NY)).toBeNull();
    expect(instantFrom('2026-02-30', '10:30', NY)).toBeNull();
    expect(instantFrom('2026-12-02', '25:00', NY)).toBeNull();
  });

  it('fills the fields back with what they would read', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(NY, 'Europe/London', 'Asia/Kolkata', 'UTC'), (ms, zone) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        const { date, time } = dateAndTimeOf(minute, zone);
        const back = instantFrom(date, time, zone);
        // A wall time repeated when clocks go back may read as its other instant; the fields still agree.
        expect(back).not.toBeNull();
        expect(dateAndTimeOf(back ?? 0, zone)).toEqual({ date, time });
      }),
    );
  });

  it('knows today and an instant’s day in the zone', () => {
    const lateInNewYork = Date.UTC(2026, 11, 3, 2, 15); // Dec 2, 21:15 in New York
    expect(todayIn(NY, lateInNewYork)).toBe('2026-12-02');
    expect(todayIn('Europe/London', lateInNewYork)).toBe('2026-12-03');
    expect(dayOf(lateInNewYork, NY)).toBe('2026-12-02');
  });

  it('moves by calendar days across months, years and clock changes', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-03-08', 1)).toBe('2026-03-09');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekStart('2026-12-02')).toBe('2026-11-30');
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekStart('2026-12-06')).toBe('2026-11-30');
    expect(weekStart('not a date')).toBe('not a date');
  });
});
