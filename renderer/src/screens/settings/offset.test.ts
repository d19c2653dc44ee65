import { describe, expect, it } from 'vitest';
import { describeOffset, splitOffset } from './offset';

describe('reminder offsets', () => {
  it('uses the largest whole unit', () => {
    expect(splitOffset(2 * 24 * 60)).toEqual({ amount: 2, unit: 'days' });
    expect(splitOffset(120)).toEqual({ amount: 2, unit: 'hours' });
    expect(splitOffset(90)).toEqual({ amount: 90, unit: 'minutes' });
  });
  it('reads naturally', () => {
    expect(describeOffset(24 * 60)).toBe('1 day before');
    expect(describeOffset(120)).toBe('2 hours before');
    expect(describeOffset(45)).toBe('45 minutes before');
  });
});
