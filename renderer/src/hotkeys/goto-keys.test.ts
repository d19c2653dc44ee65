import { describe, expect, it } from 'vitest';
import { CHORD_TIMEOUT_MS, chordStep, type ChordKey } from './goto-keys';

const key = (k: string, at: number, extra: Partial<ChordKey> = {}): ChordKey => ({ key: k, at, ctrlKey: false, metaKey: false, altKey: false, inTextField: false, ...extra });

function run(keys: ChordKey[]) {
  let pending: number | null = null;
  const went: string[] = [];
  for (const k of keys) {
    const step = chordStep(pending, k);
    pending = step.pendingSince;
    if (step.goTo) went.push(step.goTo);
  }
  return went;
}

describe('g-then-letter screen switching', () => {
  it('g then i opens the inbox, g then s settings, g then d the dashboard', () => {
    expect(run([key('g', 0), key('i', 100)])).toEqual(['inbox']);
    expect(run([key('g', 0), key('s', 100)])).toEqual(['settings']);
    expect(run([key('g', 0), key('d', 100), key('g', 200), key('p', 300)])).toEqual(['dashboard', 'patients']);
  });

  it('a lone letter, a late letter, or typing in a field switches nothing', () => {
    expect(run([key('s', 0)])).toEqual([]);
    expect(run([key('g', 0), key('i', CHORD_TIMEOUT_MS + 1)])).toEqual([]);
    expect(run([key('g', 0, { inTextField: true }), key('i', 10, { inTextField: true })])).toEqual([]);
    expect(run([key('g', 0), key('x', 10), key('i', 20)])).toEqual([]);
    expect(run([key('g', 0), key('i', 10, { ctrlKey: true })])).toEqual([]);
  });
});
