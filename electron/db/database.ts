import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema';

/** The drizzle handle every query function takes as its first argument. */
export type AppDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE) and returns its result. */
export function inTransaction<T>(db: AppDb, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
