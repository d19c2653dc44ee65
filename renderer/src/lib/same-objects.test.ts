import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reuseUnchanged, sameValue } from './same-objects';

describe('reuseUnchanged', () => {
  it('hands back the old object where nothing changed and the new one where something did', () => {
    const a = { id: 1, body: 'hi', deliveries: [{ state: 'sent' }] };
    const b = { id: 2, body: 'there', deliveries: [{ state: 'sent' }] };
    const fresh = [
      { id: 1, body: 'hi', deliveries: [{ state: 'sent' }] },
      { id: 2, body: 'there', deliveries: [{ state: 'delivered' }] },
      { id: 3, body: 'new', deliveries: [] },
    ];
    const out = reuseUnchanged([a, b], fresh);
    expect(out[0]).toBe(a);
    expect(out[1]).toBe(fresh[1]);
    expect(out[2]).toBe(fresh[2]);
  });

  it('always equals the fresh list, in its order', () => {
    const item = fc.record({ id: fc.integer({ min: 1, max: 8 }), text: fc.constantFrom('a', 'b'), n: fc.option(fc.integer({ min: 0, max: 2 })) });
    fc.assert(
      fc.property(fc.array(item), fc.array(item), (previous, fresh) => {
        expect(reuseUnchanged(previous, fresh)).toEqual(fresh);
      }),
    );
  });
});

describe('sameValue', () => {
  it('tells apart what JSON tells apart', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        // Key order does not matter to the rows, so compare against a key-sorted JSON.
        const canon = (v: unknown): string => JSON.stringify(v, (_k, value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : value));
        expect(sameValue(a, b)).toBe(canon(a) === canon(b));
        expect(sameValue(a, structuredClone(a))).toBe(true);
      }),
    );
  });
});
