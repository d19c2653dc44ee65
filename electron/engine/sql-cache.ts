/** Prepared statements cached per better-sqlite3 connection (the engine's hot paths). */
import type Database from 'better-sqlite3';
import type { AppDb } from '../db/database';

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
