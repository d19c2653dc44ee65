/**
 * The `inbox.list` requests the conversation list makes, in one place: the entry script
 * prefetches the first page at start-up with exactly the input the list will ask for, so the
 * list can take that answer instead of asking again. No React here: the entry script stays small.
 */
import type { InputOf } from '../../../../shared/contract';

/** About four screens of rows: what the first paint needs, and what a push event re-reads. */
export const FIRST_PAGE = 50;
/** Further pages while scrolling. */
export const PAGE_SIZE = 200;

export type ListFilter = NonNullable<InputOf<'inbox.list'>['filter']>;

/** What the inbox shows when it opens: open conversations, no other filter. */
export const OPENING_FILTER: ListFilter = { status: 'open' };

/** Push events after which the first page may read differently. */
export const LIST_EVENTS = ['conversation.updated', 'message.created'] as const;

export function listRequest(filter: ListFilter, search: string, after?: { lastMessageAt: number | null; id: number }): InputOf<'inbox.list'> {
  const trimmed = search.trim();
  return { filter, limit: after ? PAGE_SIZE : FIRST_PAGE, withTotal: false, ...(trimmed ? { search: trimmed } : {}), ...(after ? { after } : {}) };
}
