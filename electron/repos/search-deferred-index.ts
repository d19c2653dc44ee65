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
 *
 * A writer that must not pay for indexing at all (a broadcast being queued) leaves the row in
 * place instead (deferSearchIndex): it is then a watermark, and catchUpSearchIndex indexes the
 * rows above it a step at a time later, moving it up, and removes it once caught up. Being in
 * the store, it survives a crash, so nothing is ever left out of the index unnoticed.
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

/**
 * Leaves the rows added to `table` from now on out of its search index until catchUpSearchIndex
 * reaches them: writes the table's deferral row (its highest id so far) unless one is there.
 * Call inside the transaction that writes the rows; the row commits with them, so a crash
 * before the catch-up leaves a watermark that says exactly which rows are not indexed yet.
 * While it stands, every new row of the table (a staff reply too) waits for the catch-up.
 */
export function deferSearchIndex(db: AppDb, table: DeferredTable): void {
  if (stmt(db, 'select 1 from search_index_deferrals where table_name = ?').get(table) !== undefined) return;
  const afterId = (stmt(db, MAX_ID[table]).get() as { id: number }).id;
  stmt(db, 'insert into search_index_deferrals (table_name, after_id) values (?, ?)').run(table, afterId);
}

/** Whether a table has rows waiting for catchUpSearchIndex. */
export function searchIndexBehind(db: AppDb, table: DeferredTable): boolean {
  return stmt(db, 'select 1 from search_index_deferrals where table_name = ?').get(table) !== undefined;
}

const NTH_ID_AFTER: Record<DeferredTable, string> = {
  patients: 'select id from patients where id > ? order by id limit 1 offset ?',
  contact_points: 'select id from contact_points where id > ? order by id limit 1 offset ?',
  messages: 'select id from messages where id > ? order by id limit 1 offset ?',
};

/**
 * One step of the catch-up, in one transaction: indexes at most `maxRows` rows above the table's
 * watermark (as they are now: the triggers left them alone, edits and deletes included), then
 * moves the watermark past them, or removes it once nothing is left above it, which hands the
 * table back to the per-row triggers. Returns the rows indexed and whether it is caught up.
 */
export function catchUpSearchIndex(db: AppDb, table: DeferredTable, maxRows: number): { indexed: number; caughtUp: boolean } {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  return db.$client.transaction(() => {
    const row = stmt(db, 'select after_id from search_index_deferrals where table_name = ?').get(table) as { after_id: number } | undefined;
    if (!row) return { indexed: 0, caughtUp: true };
    // The first row past this step: none means the step takes every row left.
    const next = stmt(db, NTH_ID_AFTER[table]).get(row.after_id, maxRows) as { id: number } | undefined;
    const indexed = next ? stmt(db, `${INDEX_AFTER[table]} and id < ?`).run(row.after_id, next.id).changes : stmt(db, INDEX_AFTER[table]).run(row.after_id).changes;
    if (!next) stmt(db, 'delete from search_index_deferrals where table_name = ?').run(table);
    else stmt(db, 'update search_index_deferrals set after_id = ? where table_name = ?').run(next.id - 1, table);
    return { indexed, caughtUp: !next };
  })();
}

/** Rows per catch-up step: about 10–20 ms of indexing and one commit, so other calls barely wait. */
export const CATCH_UP_ROWS = 2_000;

/**
 * Runs catchUpSearchIndex step by step until the table is caught up, with `pause` between steps
 * (a turn of the event loop by default) so calls that arrive meanwhile are answered first. Stops
 * quietly if the database is closed meanwhile (the watermark stays; the next run finishes).
 * Returns the rows indexed.
 */
export async function catchUpInSteps(db: AppDb, table: DeferredTable, options: { rowsPerStep?: number; pause?: () => Promise<void> } = {}): Promise<number> {
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  let total = 0;
  while (db.$client.open) {
    const step = catchUpSearchIndex(db, table, options.rowsPerStep ?? CATCH_UP_ROWS);
    total += step.indexed;
    if (step.caughtUp) break;
    await pause();
  }
  return total;
}
