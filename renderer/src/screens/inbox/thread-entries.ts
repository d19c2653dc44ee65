/**
 * A thread's rows: its messages and the internal notes written in the same span of time, in one
 * order, each with the key the virtualiser keeps it by.
 */
import type { OutputOf } from '../../../../shared/contract';
import type { ThreadMessage } from '../../../../shared/contract/inbox';

export type ThreadValue = OutputOf<'inbox.thread'>;
export type Note = ThreadValue['notes'][number];

export type ThreadEntry = { kind: 'message'; key: string; at: number; message: ThreadMessage } | { kind: 'note'; key: string; at: number; note: Note };

/** Messages and the notes written in the same span of time, oldest first. */
export function threadEntries(value: ThreadValue): ThreadEntry[] {
  const firstAt = value.hasOlder ? (value.messages[0]?.createdAt ?? 0) : -Infinity;
  const entries: ThreadEntry[] = value.messages.map((m) => ({ kind: 'message', key: `m${m.id}`, at: m.createdAt, message: m }));
  for (const n of value.notes) if (n.createdAt >= firstAt) entries.push({ kind: 'note', key: `n${n.id}`, at: n.createdAt, note: n });
  return entries.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'message' ? -1 : 1));
}
