/**
 * Search hits in text: the words staff searched for, marked (as prefixes, as the search matches
 * them), and a snippet that starts near the first hit so it is visible in a one-line row.
 */
import { Fragment, type ReactNode } from 'react';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression matching any searched word at a word start, or null for no words. */
export function hitPattern(search: string): RegExp | null {
  const words = search.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escapeRegExp).join('|')})`, 'giu');
}

/** The text from a little before the first hit, with "…" when cut. */
export function snippet(text: string, search: string, lead = 24): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const pattern = hitPattern(search);
  const at = pattern ? flat.search(pattern) : -1;
  if (at <= lead) return flat;
  const start = flat.lastIndexOf(' ', at - lead) + 1;
  return `…${flat.slice(start)}`;
}

export function Highlighted({ text, search }: { text: string; search: string }): ReactNode {
  const pattern = hitPattern(search);
  if (!pattern) return text;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const index = m.index;
    if (index > last) parts.push(<Fragment key={`t${last}`}>{text.slice(last, index)}</Fragment>);
    parts.push(
      <mark key={`m${index}`} className="fd-hit" data-testid="search-hit">
        {m[0]}
      </mark>,
    );
    last = index + m[0].length;
  }
  if (last < text.length) parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return parts;
}
