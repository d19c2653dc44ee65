/**
 * GET list of a stored resource (Messages.json, Calls.json): the To / From filters, a date
 * filter with its `<` and `>` forms (a bare date covers that whole day), newest first, and
 * Twilio's paging (PageSize, Page, optionally PageToken) with its page URIs (providers.md 1.4).
 */
import { answer, errorBody, parseDateFilter, type Answer } from './wire-format';

const DAY_MS = 86_400_000;

export interface Listable {
  sid: string;
  to: string;
  from: string | null;
  createdAt: Date;
  seq: number;
}

export interface ListSpec<T extends Listable> {
  url: URL;
  items: Iterable<T>;
  /** The date filter's name (DateSent, StartTime) and the date it filters on; without one the item is left out by any date filter. */
  dateKey: 'DateSent' | 'StartTime';
  dateOf(item: T): Date | null;
  /** Still missing from the list (list lag). */
  hidden(item: T): boolean;
  /** The list's path and the key its page holds the items under. */
  base: string;
  key: 'messages' | 'calls';
  toJson(item: T): Record<string, unknown>;
  /** Messages page on with a PageToken after the last sid; Calls page by number only. */
  pageTokens: boolean;
}

export function listPage<T extends Listable>(spec: ListSpec<T>): Answer {
  const q = spec.url.searchParams;
  const k = spec.dateKey;
  const filters: Array<[string, string]> = [];
  for (const key of ['To', 'From', k, `${k}<`, `${k}>`]) {
    const v = q.get(key);
    if (v !== null) filters.push([key, v]);
  }
  let exact: [number, number] | null = null;
  let after: number | null = null;
  let before: number | null = null;
  for (const [key, value] of filters) {
    if (!key.startsWith(k)) continue;
    const parsed = parseDateFilter(value);
    if (!parsed) return answer(400, errorBody(20001, 400, `Invalid value for ${key}: ${value}`));
    if (key === k) exact = parsed.dayOnly ? [parsed.start, parsed.start + DAY_MS] : [parsed.start, parsed.start + 1000];
    if (key === `${k}>`) after = parsed.start;
    if (key === `${k}<`) before = parsed.dayOnly ? parsed.start + DAY_MS - 1 : parsed.start;
  }
  const to = q.get('To');
  const from = q.get('From');
  const matching = [...spec.items]
    .filter((item) => {
      if (spec.hidden(item)) return false;
      if (to !== null && item.to !== to) return false;
      if (from !== null && item.from !== from) return false;
      if (exact || after !== null || before !== null) {
        const date = spec.dateOf(item);
        if (!date) return false;
        const t = date.getTime();
        if (exact && (t < exact[0] || t >= exact[1])) return false;
        if (after !== null && t < after) return false;
        if (before !== null && t > before) return false;
      }
      return true;
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq);

  const pageSize = Math.min(Math.max(Number.parseInt(q.get('PageSize') ?? '50', 10) || 50, 1), 1000);
  const page = Math.max(Number.parseInt(q.get('Page') ?? '0', 10) || 0, 0);
  const token = spec.pageTokens ? q.get('PageToken') : null;
  let start = page * pageSize;
  if (token?.startsWith('PA')) {
    const idx = matching.findIndex((item) => item.sid === token.slice(2));
    if (idx >= 0) start = idx + 1;
  }
  const items = matching.slice(start, start + pageSize);
  const pageUri = (p: number, pageToken: string | null): string => {
    const parts = filters.map(([key, v]) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
    parts.push(`PageSize=${pageSize}`, `Page=${p}`);
    if (pageToken) parts.push(`PageToken=${pageToken}`);
    return `${spec.base}?${parts.join('&')}`;
  };
  const last = items[items.length - 1];
  const hasMore = start + items.length < matching.length;
  return answer(200, {
    [spec.key]: items.map((item) => spec.toJson(item)),
    page,
    page_size: pageSize,
    start,
    end: items.length > 0 ? start + items.length - 1 : start,
    uri: pageUri(page, token),
    first_page_uri: pageUri(0, null),
    next_page_uri: hasMore && last ? pageUri(page + 1, spec.pageTokens ? `PA${last.sid}` : null) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1, null) : null,
  });
}
