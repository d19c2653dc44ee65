import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCount, niceMax, ticks } from './chart-scale';

describe('chart scales', () => {
  it('niceMax is at least the data maximum and at most ten times it, on a 1/2/2.5/5 step', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e9, noNaN: true }), (max) => {
        const top = niceMax(max);
        expect(top).toBeGreaterThanOrEqual(max);
        expect(top).toBeLessThanOrEqual(max * 10 + 1e-9);
        const mantissa = top / 10 ** Math.floor(Math.log10(top) + 1e-12);
        expect([1, 2, 2.5, 5, 10].some((s) => Math.abs(s - mantissa) < 1e-9)).toBe(true);
      }),
    );
    expect(niceMax(0)).toBe(1);
    expect(niceMax(37)).toBe(50);
    expect(niceMax(120)).toBe(200);
  });

  it('ticks run from zero to the top', () => {
    expect(ticks(200)).toEqual([0, 50, 100, 150, 200]);
  });

  it('counts shorten readably', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(1500)).toBe('1.5k');
    expect(formatCount(25_000)).toBe('25k');
    expect(formatCount(2_000_000)).toBe('2M');
  });
});
