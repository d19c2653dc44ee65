/**
 * The window ranking: more occurrences and a shorter message rank higher, the subject counts
 * double, words match as prefixes with case and diacritics folded as FTS5 folds them.
 */
import { describe, expect, it } from 'vitest';
import { bm25Scores, tokens } from './search-rank';

describe('ranking a window of matches', () => {
  it('folds case and diacritics and splits on anything but letters and digits', () => {
    expect(tokens('Zoë BRONTË, 7700-900123!')).toEqual(['zoe', 'bronte', '7700', '900123']);
  });

  it('ranks by occurrences, length and subject, with prefixes', () => {
    const scores = bm25Scores(
      [
        { id: 1, body: 'parking is at the back of the building behind the pharmacy on the left', subject: null },
        { id: 2, body: 'Parking? parking is free', subject: null },
        { id: 3, body: 'see you then', subject: 'Parking' },
        { id: 4, body: 'nothing here', subject: null },
      ],
      'PARK',
    );
    const order = [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(order).toEqual([2, 3, 1, 4]);
    expect(scores.get(4)).toBe(0);
  });

  it('a message with both words outranks one with a single word repeated', () => {
    const scores = bm25Scores(
      [
        { id: 1, body: 'refill refill refill refill', subject: null },
        { id: 2, body: 'refill the prescription', subject: null },
      ],
      'refill presc',
    );
    expect(scores.get(2) ?? 0).toBeGreaterThan(scores.get(1) ?? 0);
  });
});
