/** Side-by-side line diff of two versions' content. */
import { NonIdealState } from '@blueprintjs/core';
import { diffLines, hasChanges, type DiffLine } from './line-diff';

interface Row {
  left: { num: number; text: string; kind: 'same' | 'removed' } | null;
  right: { num: number; text: string; kind: 'same' | 'added' } | null;
}

/** Pairs removed and added runs so a changed line sits next to its replacement. */
function toRows(diff: DiffLine[]): Row[] {
  const rows: Row[] = [];
  let i = 0;
  while (i < diff.length) {
    const line = diff[i]!;
    if (line.kind === 'same') {
      rows.push({ left: { num: line.oldLine, text: line.text, kind: 'same' }, right: { num: line.newLine, text: line.text, kind: 'same' } });
      i++;
      continue;
    }
    const removed: Extract<DiffLine, { kind: 'removed' }>[] = [];
    const added: Extract<DiffLine, { kind: 'added' }>[] = [];
    while (i < diff.length && diff[i]!.kind !== 'same') {
      const d = diff[i]!;
      if (d.kind === 'removed') removed.push(d);
      else if (d.kind === 'added') added.push(d);
      i++;
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const r = removed[k];
      const a = added[k];
      rows.push({
        left: r ? { num: r.oldLine, text: r.text, kind: 'removed' } : null,
        right: a ? { num: a.newLine, text: a.text, kind: 'added' } : null,
      });
    }
  }
  return rows;
}

export function VersionDiff({ before, after, beforeLabel, afterLabel }: { before: string; after: string; beforeLabel: string; afterLabel: string }) {
  const diff = diffLines(before, after);
  if (!hasChanges(diff)) {
    return <NonIdealState icon="tick" title="No differences" description={`${beforeLabel} and ${afterLabel} have the same content.`} />;
  }
  const rows = toRows(diff);
  const added = diff.filter((d) => d.kind === 'added').length;
  const removed = diff.filter((d) => d.kind === 'removed').length;
  return (
    <div data-testid="version-diff">
      <p className="fd-muted" data-testid="version-diff-summary">
        {removed} {removed === 1 ? 'line' : 'lines'} removed, {added} added
      </p>
      <table className="fd-diff">
        <colgroup>
          <col style={{ width: 32 }} />
          <col />
          <col style={{ width: 32 }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th colSpan={2}>{beforeLabel}</th>
            <th colSpan={2}>{afterLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td className="fd-diff-num">{row.left?.num ?? ''}</td>
              <td className={row.left?.kind === 'removed' ? 'fd-diff-removed' : undefined} data-diff={row.left?.kind}>
                {row.left ? (row.left.kind === 'removed' ? `− ${row.left.text}` : row.left.text) : ''}
              </td>
              <td className="fd-diff-num">{row.right?.num ?? ''}</td>
              <td className={row.right?.kind === 'added' ? 'fd-diff-added' : undefined} data-diff={row.right?.kind}>
                {row.right ? (row.right.kind === 'added' ? `+ ${row.right.text}` : row.right.text) : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
