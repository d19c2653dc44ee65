/**
 * Search SQL: what a receptionist's search text means (message words, a patient's name, phone
 * digits) and the full-text queries behind it, shaped to stay fast on a million messages.
 *
 * Both shapes read the FTS5 index newest-first (`ORDER BY rowid DESC LIMIT n`, which FTS5 walks
 * in index order without sorting the match set). Ranked search scores only that bounded window
 * of newest matches with bm25: ranking every match of a common word costs about a second at a
 * million messages, and at a front desk the recent messages are the ones being looked for.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database';

/** How many of the newest matching messages a conversation search considers. */
export const MATCH_WINDOW = 2_000;
/** How many of the newest matching messages ranked search scores (bm25 reads each one's positions). */
export const RANK_WINDOW = 1_000;

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
const C_ADDRESS = sql.raw('"conversations"."address"');

/** The newest matching messages' ids, newest first, at most MATCH_WINDOW of them. */
function newestHits(fts: string): SQL {
  return sql`select rowid from messages_fts where messages_fts match ${fts} order by rowid desc limit ${MATCH_WINDOW}`;
}

/**
 * The condition a conversation meets when the search finds it: a recent message matches the
 * words, a member of its household (or its own patient) has a matching name, or its address or
 * a member's phone holds the digits.
 */
export function searchCondition(search: SearchTerms): SQL {
  const any: SQL[] = [];
  if (search.fts) {
    any.push(sql`${C_ID} in (select m.conversation_id from messages m where m.id in (${newestHits(search.fts)}))`);
    // Names match in their own small index; a household's conversation is found by any member.
    const named = sql`select rowid from patients_fts where patients_fts match ${search.fts}`;
    any.push(sql`${C_HOUSEHOLD} in (select p.household_id from patients p where p.id in (${named}))`);
    any.push(sql`${C_PATIENT} in (${named})`);
  }
  if (search.digits) {
    // Unknown numbers are few (one conversation each); patients' phones have a trigram index.
    any.push(sql`replace(${C_ADDRESS}, '+', '') like ${`%${search.digits}%`}`);
    const phones = sql`select cp.patient_id from contact_points cp where cp.id in (select rowid from phone_digits_fts where phone_digits_fts match ${`"${search.digits}"`})`;
    any.push(sql`${C_PATIENT} in (${phones})`);
    any.push(sql`${C_HOUSEHOLD} in (select p.household_id from patients p where p.id in (${phones}))`);
  }
  return sql`(${sql.join(any, sql` or `)})`;
}

export interface MessageMatch {
  messageId: number;
  body: string;
}

/**
 * The newest message of each listed conversation that the words match, for the result rows.
 * One pass over the window of newest hits answers most rows; a conversation found by name or
 * phone whose matching messages are older is looked up in its own messages.
 */
export function newestMatches(db: AppDb, conversationIds: number[], fts: string): Map<number, MessageMatch> {
  const found = new Map<number, MessageMatch>();
  if (conversationIds.length === 0) return found;
  const ids = JSON.stringify(conversationIds);
  const windowRows = db.all<{ conversationId: number; messageId: number; body: string }>(
    sql`select m.conversation_id as conversationId, max(m.id) as messageId, m.body as body
        from messages m
        where m.id in (${newestHits(fts)}) and m.conversation_id in (select value from json_each(${ids}))
        group by m.conversation_id`,
  );
  for (const row of windowRows) found.set(row.conversationId, { messageId: row.messageId, body: row.body });
  for (const id of conversationIds) {
    if (found.has(id)) continue;
    const older = db.get<{ messageId: number; body: string } | undefined>(
      sql`select m.id as messageId, m.body as body from messages_fts f join messages m on m.id = f.rowid
          where messages_fts match ${fts} and m.conversation_id = ${id} order by f.rowid desc limit 1`,
    );
    if (older) found.set(id, older);
  }
  return found;
}

export interface MessageHit {
  messageId: number;
  conversationId: number;
  body: string;
  createdAt: number;
  /** bm25 score (lower is better) in ranked order; null newest-first. */
  score: number | null;
}

/**
 * Messages matching the search words, either newest first or ranked by bm25 (subject weighted
 * above body) among the newest RANK_WINDOW matches.
 */
export function searchMessages(db: AppDb, text: string, options: { order: 'newest' | 'ranked'; limit: number }): MessageHit[] {
  const fts = ftsQuery(text);
  if (!fts) return [];
  const hits =
    options.order === 'newest'
      ? sql`select rowid as id, null as score from messages_fts where messages_fts match ${fts} order by rowid desc limit ${options.limit}`
      : sql`select id, score from (select rowid as id, bm25(messages_fts, 1.0, 2.0) as score from messages_fts where messages_fts match ${fts} order by rowid desc limit ${RANK_WINDOW}) order by score, id desc limit ${options.limit}`;
  return db.all<MessageHit>(
    sql`select m.id as messageId, m.conversation_id as conversationId, m.body as body, m.created_at as createdAt, h.score as score
        from (${hits}) h join messages m on m.id = h.id
        order by ${options.order === 'newest' ? sql`h.id desc` : sql`h.score, h.id desc`}`,
  );
}
