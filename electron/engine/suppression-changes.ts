/**
 * A per-connection count of writes to `suppressions`, kept by TEMP triggers (they live on this
 * connection only, not in the schema, so no migration) that call a JS function. The sending path
 * notes the count when it marks a row `sending` (the rules just checked the suppression list in
 * that transaction) and, right before posting, asks the database again only if the count moved.
 * A query per message outside any transaction cost the engine ~25 µs per SMS, a tenth of what it
 * adds over a bare SDK loop; this check costs a comparison.
 *
 * Sound because the app has one connection (core-thread/create-core.ts) and every write goes
 * through it, raw SQL included. A write that is rolled back still counts: that only makes the
 * next check ask the database, never skip it.
 */
import type Database from 'better-sqlite3';
import type { AppDb } from '../db/database';

export interface SuppressionChanges {
  /** Writes to `suppressions` seen on this connection so far. */
  count(): number;
}

const byConnection = new WeakMap<Database.Database, SuppressionChanges>();

export function suppressionChanges(db: AppDb): SuppressionChanges {
  const client = db.$client;
  const known = byConnection.get(client);
  if (known) return known;
  let writes = 0;
  client.function('frontdesk_suppressions_written', { deterministic: false, varargs: false }, () => {
    writes++;
    return null;
  });
  for (const op of ['insert', 'update', 'delete'] as const) {
    client.exec(
      `create temp trigger if not exists frontdesk_suppressions_${op} after ${op} on main.suppressions begin select frontdesk_suppressions_written(); end`,
    );
  }
  const changes: SuppressionChanges = { count: () => writes };
  byConnection.set(client, changes);
  return changes;
}
