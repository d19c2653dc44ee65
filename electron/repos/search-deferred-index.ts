/**
 * Search indexing for bulk writes: the rows a bulk writer inserts are indexed with one
 * `INSERT ... SELECT` per index at the end, instead of by the per-row triggers.
 *
 * Why: an FTS5 insert from a trigger costs tens of microseconds a row, because every statement
 * opens a savepoint and FTS5 flushes its pending terms to a new segment at each one; one
 * statement over 100,000 rows flushes once. Migration 0009 makes the triggers skip rows above a
 * table's `after_id` in search_index_deferrals; this module writes that row, runs the work and
 * indexes the skipped rows, all inside one transaction (a savepoint when nested), so another
 * connection never sees the row or an unindexed one, and a failure rolls all of it back.
 */
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';

export type DeferredTable = 'patients' | 'contact_points' | 'messages';

/** The statement that indexes a table's rows with an id above `?`, as its insert trigger would. */
const INDEX_AFTER: Record<DeferredTable, string> = {
  patients: 'insert into patients_fts(rowid, first_name, last_name) select id, first_name, last_name from patients where id > ?',
  contact_points: `insert into phone_digits_fts(rowid, digits) select id, replace(value, '+', '') from contact_points where id > ? and kind = 'phone'`,
  messages: `insert into messages_fts(rowid, body, subject) select id, body, coalesce(subject, '') from messages where id > ?`,
};

const MAX_ID: Record<DeferredTable, string> = {
  patients: 'select coalesce(max(id), 0) as id from patients',
  contact_points: 'select coalesce(max(id), 0) as id from contact_points',
  messages: 'select coalesce(max(id), 0) as id from messages',
};

/**
 * Runs `work` with the insert triggers of `tables` deferred, then indexes every row it added to
 * them in one statement per table. Rows `work` updates or deletes among its own new rows are
 * indexed as they end up. Nested calls for a table already deferred leave it to the outer call.
 */
export function withDeferredSearchIndex<T>(db: AppDb, tables: readonly DeferredTable[], work: () => T): T {
  return db.$client.transaction(() => {
    const owned: Array<{ table: DeferredTable; afterId: number }> = [];
    for (const table of new Set(tables)) {
      if (stmt(db, 'select 1 from search_index_deferrals where table_name = ?').get(table) !== undefined) continue;
      const afterId = (stmt(db, MAX_ID[table]).get() as { id: number }).id;
      stmt(db, 'insert into search_index_deferrals (table_name, after_id) values (?, ?)').run(table, afterId);
      owned.push({ table, afterId });
    }
    const result = work();
    for (const { table, afterId } of owned) {
      stmt(db, INDEX_AFTER[table]).run(afterId);
      stmt(db, 'delete from search_index_deferrals where table_name = ?').run(table);
    }
    return result;
  })();
}
