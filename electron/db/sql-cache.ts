/**
 * Prepared statements cached per better-sqlite3 connection, for hot paths (the engine, its rule facts).
 *
 * Why the engine's SQL compares indexed columns with `+?` rather than `?`: better-sqlite3 builds
 * SQLite with SQLITE_ENABLE_STAT4, and then a host parameter compared with an indexed column may
 * influence the plan, so SQLite re-prepares the statement on the first step after every new
 * binding (sqlite3_prepare_v2 docs). Measured here: 20–35 µs per call for a `delivery_id = ?
 * order by attempt_no desc limit 1` lookup, 1.5 µs with `+?`. The unary plus is a no-op on the
 * value and the plan still searches the index (electron/engine/sql-cache.test.ts checks the plans).
 */
import type Database from 'better-sqlite3';
import type { AppDb } from './database';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement cached per connection. */
export function stmt(db: AppDb, source: string): Database.Statement {
  const client = db.$client;
  let map = cache.get(client);
  if (!map) {
    map = new Map();
    cache.set(client, map);
  }
  let s = map.get(source);
  if (!s) {
    s = client.prepare(source);
    map.set(source, s);
  }
  return s;
}

type Runner = Database.Transaction<(fn: () => unknown) => unknown>;
const runners = new WeakMap<Database.Database, Runner>();

function runnerFor(db: AppDb): Runner {
  const client = db.$client;
  let r = runners.get(client);
  if (!r) {
    r = client.transaction((fn: () => unknown) => fn());
    runners.set(client, r);
  }
  return r;
}

/**
 * `fn` in a BEGIN IMMEDIATE transaction, or in a savepoint when one is already open. The same as
 * `inTransaction` (db/database.ts) without building a new better-sqlite3 transaction function
 * (four wrappers and their properties) on every call: the dispatcher opens one per row.
 */
export function inTx<T>(db: AppDb, fn: () => T): T {
  return runnerFor(db).immediate(fn) as T;
}

/** The statements cached on a connection so far (tests check their plans). */
export function cachedSources(db: AppDb): string[] {
  return [...(cache.get(db.$client)?.keys() ?? [])];
}
