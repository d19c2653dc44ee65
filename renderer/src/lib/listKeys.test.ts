import { describe, expect, it } from 'vitest';
import { nextIndex } from './listKeys';

describe('picker keys', () => {
  it('moves within the list and stops at its ends', () => {
    expect(nextIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextIndex('End', 0, 3)).toBe(2);
    expect(nextIndex('ArrowDown', -1, 0)).toBeNull();
    expect(nextIndex('x', 1, 3)).toBeNull();
  });
});
