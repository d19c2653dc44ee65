/**
 * The newest messages matching the search words, newest first, read lazily.
 *
 * FTS5 reads a single term's doclist lazily under `ORDER BY rowid DESC LIMIT n`, and the prefix
 * indexes (1–3 characters, migration 0007) make short prefixes single doclists too. A longer
 * prefix ("appoint"*) is different: FTS5 first merges the whole doclist of every term that
 * starts with it, tens of milliseconds for a common word at a million messages, whatever the
 * LIMIT. So for a word longer than the prefix indexes, the newest candidates come from its first
 * three characters (lazy) and are checked against the full words here, with the tokens FTS5
 * makes; only when the candidates run out before n are found does the exact query run. That
 * pays while n is small (a screen of results, a ranking pool), not for a large window.
 */
import { sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { NON_ASCII, tokens } from './search-rank';

/** The longest prefix migration 0007 indexes. */
const INDEXED_PREFIX = 3;
/** How many candidates per wanted match the lazy pass reads before giving up. */
const CANDIDATES_PER_MATCH = 4;
/**
 * Above this many wanted matches the exact query wins: measured at 1M messages, 50 newest
 * matches of a common long prefix cost 1.5-3 ms lazily against 7-25 ms exactly, but 1,000 cost
 * 8-30 ms lazily (a row read per candidate) against 5-29 ms exactly.
 */
const LAZY_MAX = 200;
/** After this many candidates, a lower share of matches than 1 in CANDIDATES_PER_MATCH gives up early. */
const SAMPLE = 100;

function quoted(words: string[]): string {
  return words.map((w) => `"${w}"*`).join(' ');
}

/**
 * Whether every search word starts some token of a message (body or subject), as FTS5 matches
 * them. Plain-ASCII text and words take a precompiled word-start pattern per word; anything
 * else goes through the full tokenizer.
 */
function matcher(words: string[]): (body: string, subject: string | null) => boolean {
  const ascii = words.every((w) => /^[a-z0-9]+$/.test(w));
  const starts = words.map((w) => new RegExp(`(?:^|[^a-z0-9])${w}`));
  return (body, subject) => {
    const text = subject ? `${body} ${subject}` : body;
    if (ascii && !NON_ASCII.test(text)) {
      const lower = text.toLowerCase();
      return starts.every((r) => r.test(lower));
    }
    const have = tokens(text);
    return words.every((w) => have.some((t) => t.startsWith(w)));
  };
}

export function newestMatchIds(db: AppDb, text: string, n: number): number[] {
  const words = tokens(text);
  if (words.length === 0) return [];
  if (n <= LAZY_MAX && words.some((w) => w.length > INDEXED_PREFIX)) {
    const cap = n * CANDIDATES_PER_MATCH;
    const candidates = db
      .all<{ id: number }>(sql`select rowid as id from messages_fts where messages_fts match ${quoted(words.map((w) => w.slice(0, INDEXED_PREFIX)))} order by rowid desc limit ${cap}`)
      .map((r) => r.id);
    // One row at a time, so a common word stops reading messages as soon as it has n matches.
    const matchesAll = matcher(words);
    const readText = db.$client.prepare<[number], { body: string; subject: string | null }>('select body, subject from messages where id = ?');
    const ids: number[] = [];
    let read = 0;
    let gaveUp = false;
    for (const id of candidates) {
      // A rare word under a common prefix ("whe" for "wheelchair"): the exact query is cheap
      // for it, and reading thousands of candidates is not.
      if (read >= SAMPLE && ids.length * CANDIDATES_PER_MATCH < read) {
        gaveUp = true;
        break;
      }
      read += 1;
      const row = readText.get(id);
      if (!row || !matchesAll(row.body, row.subject)) continue;
      ids.push(id);
      if (ids.length === n) return ids;
    }
    // Every candidate read and fewer than the cap: that was every message the short prefixes match.
    if (!gaveUp && candidates.length < cap) return ids;
  }
  return db
    .all<{ id: number }>(sql`select rowid as id from messages_fts where messages_fts match ${quoted(words)} order by rowid desc limit ${n}`)
    .map((r) => r.id);
}
