/**
 * Merging a freshly read first page into a longer, already loaded list, keeping the list's order
 * (newest activity first, then id descending, exactly as `inbox.list` sorts).
 */
import type { ConversationSummary } from '../../../../shared/contract/inbox';

export interface ListPage {
  items: ConversationSummary[];
  /** The page holds every match (fewer than a page came back). */
  complete: boolean;
}

/** The sort key `inbox.list` uses: last activity (none = 0), then id. */
export function sortKey(c: Pick<ConversationSummary, 'lastMessageAt' | 'id'>): [number, number] {
  return [c.lastMessageAt ?? 0, c.id];
}

/** a comes before b in the list (newer first). */
function before(a: [number, number], b: [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

/**
 * The first page is the truth for everything that sorts at or above its last item: old entries
 * in that range that the page does not contain no longer match and are dropped. Entries below
 * it are kept unless the page now holds them (they moved up).
 */
export function mergeFirstPage(loaded: ConversationSummary[], page: ListPage): ConversationSummary[] {
  if (page.complete) return page.items;
  const last = page.items[page.items.length - 1];
  if (!last) return page.items;
  const boundary = sortKey(last);
  const inPage = new Set(page.items.map((c) => c.id));
  const rest = loaded.filter((c) => !inPage.has(c.id) && before(boundary, sortKey(c)));
  return [...page.items, ...rest];
}
