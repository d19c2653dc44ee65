import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffLines, hasChanges } from './line-diff';

function rebuild(diff: ReturnType<typeof diffLines>, side: 'old' | 'new'): string[] {
  return diff.filter((l) => l.kind === 'same' || l.kind === (side === 'old' ? 'removed' : 'added')).map((l) => l.text);
}

/** Length of the longest common subsequence: the most lines a diff can keep unchanged. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1] ?? 0);
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

describe('diffLines', () => {
  it('marks one changed line as removed then added and keeps the rest', () => {
    const diff = diffLines('Hi {{ patient.firstName }}\nSee you soon\nBye', 'Hi {{ patient.firstName }}\nSee you tomorrow\nBye');
    expect(diff.map((l) => `${l.kind}:${l.text}`)).toEqual([
      'same:Hi {{ patient.firstName }}',
      'removed:See you soon',
      'added:See you tomorrow',
      'same:Bye',
    ]);
    expect(hasChanges(diff)).toBe(true);
  });

  it('reports no change for equal texts and handles empty sides', () => {
    expect(hasChanges(diffLines('a\nb', 'a\nb'))).toBe(false);
    expect(diffLines('', 'x\ny').map((l) => l.kind)).toEqual(['added', 'added']);
    expect(diffLines('x', '').map((l) => l.kind)).toEqual(['removed']);
  });

  it('keeps a moved block as few changes as possible (one line added, one removed)', () => {
    const diff = diffLines('a\nb\nc\nd', 'b\nc\nd\na');
    expect(diff.filter((l) => l.kind !== 'same').map((l) => `${l.kind}:${l.text}`)).toEqual(['removed:a', 'added:a']);
  });

  it('always rebuilds both sides exactly, with the fewest changed lines possible for an LCS', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', '{{ x }}', ''), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const before = a.join('\n');
        const after = b.join('\n');
        const diff = diffLines(before, after);
        const expectOld = before === '' ? [] : before.split('\n');
        const expectNew = after === '' ? [] : after.split('\n');
        expect(rebuild(diff, 'old')).toEqual(expectOld);
        expect(rebuild(diff, 'new')).toEqual(expectNew);
        expect(diff.filter((l) => l.kind === 'same')).toHaveLength(lcsLength(expectOld, expectNew));
        // line numbers are consecutive on each side
        const oldNums = diff.flatMap((l) => (l.kind === 'added' ? [] : [l.oldLine]));
        expect(oldNums).toEqual(expectOld.map((_, i) => i + 1));
      }),
    );
  });
});
