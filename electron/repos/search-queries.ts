/**
 * Search SQL: what a receptionist's search text means (message words, a patient's name, phone
 * digits) and the full-text queries behind it, shaped to stay fast on a million messages.
 *
 * Both shapes read the FTS5 index newest-first without sorting the match set (search-window.ts:
 * `ORDER BY rowid DESC LIMIT n`, lazily even for long prefixes). Ranked search scores only a
 * bounded window of the newest matches with BM25 (search-rank.ts): ranking every match of a
 * common word costs about a second at a million messages, and at a front desk the recent
 * messages are the ones being looked for.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { bm25Scores } from './search-rank';
import { newestMatchIds } from './search-window';

/** How many of the newest matching messages a conversation search considers. */
export const MATCH_WINDOW = 1_000;
/** How far past the window a result row found by name or phone looks for its newest match. */
export const OLDER_WINDOW = 5_000;
/** How many of the newest matching messages ranked search scores. */
export const RANK_WINDOW = 200;

/**
 * A user's search text as an FTS5 query: every word must appear, as a prefix, and no word can
 * inject FTS syntax (each is quoted).
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** What a search looks for: message words and patient names (FTS), or the digits of a phone number. */
export interface SearchTerms {
  fts: string | null;
  /** The digits of a phone number as typed (at least 3), matched anywhere in a number. */
  digits: string | null;
}

export function searchTerms(text: string): SearchTerms | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const fts = ftsQuery(trimmed);
  const digitsOnly = trimmed.replace(/\D/g, '');
  // A phone search is mostly digits ("(312) 555-0147", "+44 7700"): not a sentence with a number in it.
  const looksLikePhone = digitsOnly.length >= 3 && /^[\d\s()+.-]+$/.test(trimmed);
  const terms = { fts, digits: looksLikePhone ? digitsOnly : null };
  return terms.fts || terms.digits ? terms : null;
}

const C_ID = sql.raw('"conversations"."id"');
const C_HOUSEHOLD = sql.raw('"conversations"."household_id"');
const C_PATIENT = sql.raw('"conversations"."patient_id"');

export interface MessageMatch {
  messageId: number;
  body: string;
}

/**
 * A search with its costly parts run once: the newest match in each conversation of the FTS
 * window, and the conversations whose number or a member's phone holds the digits.
 */
export interface PreparedSearch extends SearchTerms {
  hits: Map<number, MessageMatch>;
  byPhone: number[];
}

/**
 * Reads the window of newest matching messages once (a long prefix such as "appointment"* costs
 * FTS5 a merge of the whole doclist, so a search must not run it per condition or per row) and
 * keeps the newest match of each conversation in it.
 */
export function prepareSearch(db: AppDb, text: string): PreparedSearch | null {
  const terms = searchTerms(text);
  if (!terms) return null;
  const hits = new Map<number, MessageMatch>();
  if (terms.fts) {
    const window = JSON.stringify(newestMatchIds(db, text, MATCH_WINDOW));
    const rows = db.all<{ conversationId: number; messageId: number; body: string }>(
      sql`select m.conversation_id as conversationId, max(m.id) as messageId, m.body as body
          from messages m where m.id in (select value from json_each(${window}))
          group by m.conversation_id`,
    );
    for (const row of rows) hits.set(row.conversationId, { messageId: row.messageId, body: row.body });
  }
  let byPhone: number[] = [];
  if (terms.digits) {
    // Patients' phones through their trigram index; unknown numbers (the few conversations with
    // an address) through the address index's non-null range, not a walk of every conversation.
    const phones = sql`select cp.patient_id from contact_points cp where cp.id in (select rowid from phone_digits_fts where phone_digits_fts match ${`"${terms.digits}"`})`;
    byPhone = db
      .all<{ id: number }>(
        sql`select c.id as id from conversations c where c.address is not null and replace(c.address, '+', '') like ${`%${terms.digits}%`}
            union select c.id from conversations c where c.patient_id in (${phones})
            union select c.id from conversations c where c.household_id in (select p.household_id from patients p where p.id in (${phones}))`,
      )
      .map((r) => r.id);
  }
  return { ...terms, hits, byPhone };
}

/**
 * The condition a conversation meets when the search finds it: a recent message matches the
 * words, a member of its household (or its own patient) has a matching name, or its address or
 * a member's phone holds the digits.
 */
export function searchCondition(search: PreparedSearch): SQL {
  const any: SQL[] = [];
  if (search.fts) {
    any.push(sql`${C_ID} in (select value from json_each(${JSON.stringify([...search.hits.keys()])}))`);
    // Names match in their own small index; a household's conversation is found by any member.
    const named = sql`select rowid from patients_fts where patients_fts match ${search.fts}`;
    any.push(sql`${C_HOUSEHOLD} in (select p.household_id from patients p where p.id in (${named}))`);
    any.push(sql`${C_PATIENT} in (${named})`);
  }
  if (search.digits) any.push(sql`${C_ID} in (select value from json_each(${JSON.stringify(search.byPhone)}))`);
  return sql`(${sql.join(any, sql` or `)})`;
}

/**
 * The newest message of each listed conversation that the words match, for the result rows:
 * from the prepared window or, for conversations found by name or phone whose matching messages
 * are all older, from one pass over the next OLDER_WINDOW matches (beyond that a row shows no
 * match rather than costing a scan of every match of a common word).
 */
export function newestMatches(db: AppDb, conversationIds: number[], search: PreparedSearch): Map<number, MessageMatch> {
  const found = new Map<number, MessageMatch>();
  if (!search.fts) return found;
  const missing: number[] = [];
  for (const id of conversationIds) {
    const hit = search.hits.get(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length === 0) return found;
  // Every match newer than the window's oldest hit was in the window.
  const below = search.hits.size > 0 ? Math.min(...[...search.hits.values()].map((h) => h.messageId)) : Number.MAX_SAFE_INTEGER;
  const rows = db.all<{ conversationId: number; messageId: number; body: string }>(
    sql`select m.conversation_id as conversationId, max(m.id) as messageId, m.body as body
        from (select rowid from messages_fts where messages_fts match ${search.fts} and rowid < ${below} order by rowid desc limit ${OLDER_WINDOW}) h
        join messages m on m.id = h.rowid
        where m.conversation_id in (select value from json_each(${JSON.stringify(missing)}))
        group by m.conversation_id`,
  );
  for (const row of rows) found.set(row.conversationId, { messageId: row.messageId, body: row.body });
  return found;
}

export interface MessageHit {
  messageId: number;
  conversationId: number;
  body: string;
  createdAt: number;
  /** BM25 score (higher is better) in ranked order; null newest-first. */
  score: number | null;
}

/**
 * Messages matching the search words, either newest first or ranked by BM25 (subject weighted
 * above body) among the newest RANK_WINDOW matches (see search-rank.ts for why not FTS5's bm25()).
 */
export function searchMessages(db: AppDb, text: string, options: { order: 'newest' | 'ranked'; limit: number }): MessageHit[] {
  const window = JSON.stringify(newestMatchIds(db, text, options.order === 'newest' ? options.limit : RANK_WINDOW));
  const rows = db.all<{ messageId: number; conversationId: number; body: string; subject: string | null; createdAt: number }>(
    sql`select m.id as messageId, m.conversation_id as conversationId, m.body as body, m.subject as subject, m.created_at as createdAt
        from messages m where m.id in (select value from json_each(${window}))
        order by m.id desc`,
  );
  const hit = ({ subject: _subject, ...row }: (typeof rows)[number], score: number | null): MessageHit => ({ ...row, score });
  if (options.order === 'newest') return rows.map((row) => hit(row, null));
  const scores = bm25Scores(rows.map((r) => ({ id: r.messageId, body: r.body, subject: r.subject })), text);
  return rows
    .map((row) => hit(row, scores.get(row.messageId) ?? 0))
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || b.messageId - a.messageId)
    .slice(0, options.limit);
}

/**
 * The ids of the newest conversations the search finds (newest activity first), read in order
 * off `conversations_last_idx` with the search's subqueries materialised once: the shape the
 * inbox list takes for a page of results, without its per-row summary columns.
 */
export function searchConversationIds(db: AppDb, search: PreparedSearch, limit: number): number[] {
  const rows = db.all<{ id: number }>(
    sql`select "conversations"."id" as id from conversations where "conversations"."last_message_at" is not null and ${searchCondition(search)}
        order by "conversations"."last_message_at" desc, "conversations"."id" desc limit ${limit}`,
  );
  return rows.map((r) => r.id);
}
