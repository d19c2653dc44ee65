/** Background jobs' progress (cursor, last run) in the job_state table, so it survives restarts. */
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { jobState } from '../db/schema';

export type JobStateRow = typeof jobState.$inferSelect;

export function readJobState(db: AppDb, name: string): JobStateRow | undefined {
  return db.select().from(jobState).where(eq(jobState.name, name)).get();
}

export function writeJobState(db: AppDb, name: string, values: { cursor?: string | null; lastRunAt?: number | null }, now: number): void {
  db.insert(jobState)
    .values({ name, cursor: values.cursor ?? null, lastRunAt: values.lastRunAt ?? null, updatedAt: now })
    .onConflictDoUpdate({
      target: jobState.name,
      set: {
        ...(values.cursor !== undefined ? { cursor: values.cursor } : {}),
        ...(values.lastRunAt !== undefined ? { lastRunAt: values.lastRunAt } : {}),
        updatedAt: now,
      },
    })
    .run();
}

/** A JSON cursor, or the fallback when none was saved (or it does not parse). */
export function readJsonCursor<T>(db: AppDb, name: string, fallback: T): T {
  const raw = readJobState(db, name)?.cursor;
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
