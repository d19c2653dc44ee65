/**
 * A line diff between two texts for the template version history, by the `diff` package (jsdiff,
 * Myers' algorithm: the fewest changed lines), mapped to numbered lines for the view.
 */
import { diffArrays } from 'diff';

export type DiffLine =
  | { kind: 'same'; text: string; oldLine: number; newLine: number }
  | { kind: 'removed'; text: string; oldLine: number }
  | { kind: 'added'; text: string; newLine: number };

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r\n/g, '\n').split('\n');
}

export function diffLines(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const change of diffArrays(splitLines(before), splitLines(after))) {
    for (const text of change.value) {
      if (change.removed) out.push({ kind: 'removed', text, oldLine: ++oldLine });
      else if (change.added) out.push({ kind: 'added', text, newLine: ++newLine });
      else out.push({ kind: 'same', text, oldLine: ++oldLine, newLine: ++newLine });
    }
  }
  return out;
}

/** Whether two texts differ at all, line for line. */
export function hasChanges(diff: readonly DiffLine[]): boolean {
  return diff.some((line) => line.kind !== 'same');
}
