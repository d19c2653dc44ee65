/** Broadcasts and their recipients (SQL only). */
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { broadcastRecipients, broadcasts } from '../db/schema';

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type NewBroadcast = typeof broadcasts.$inferInsert;
export type RecipientRow = typeof broadcastRecipients.$inferSelect;

export function findBroadcast(db: AppDb, id: number): BroadcastRow | undefined {
  return db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

export function listBroadcasts(db: AppDb, status?: BroadcastRow['status']): BroadcastRow[] {
  return db
    .select()
    .from(broadcasts)
    .where(status ? eq(broadcasts.status, status) : undefined)
    .orderBy(desc(broadcasts.id))
    .all();
}

export function insertBroadcast(db: AppDb, values: NewBroadcast): BroadcastRow {
  return db.insert(broadcasts).values(values).returning().get();
}

export function updateBroadcast(db: AppDb, id: number, values: Partial<NewBroadcast>): BroadcastRow | undefined {
  return db.update(broadcasts).set(values).where(eq(broadcasts.id, id)).returning().get();
}

/** Scheduled ones whose time has come, and ones left `sending` (an interrupted run). */
export function broadcastsToWorkOn(db: AppDb, now: number): BroadcastRow[] {
  return db
    .select()
    .from(broadcasts)
    .where(
      sql`(${broadcasts.status} = 'scheduled' and ${broadcasts.scheduledAt} <= ${now}) or ${broadcasts.status} = 'sending'`,
    )
    .orderBy(asc(broadcasts.scheduledAt), asc(broadcasts.id))
    .all();
}

export function nextScheduledBroadcastAt(db: AppDb): number | null {
  const row = db
    .select({ at: sql<number | null>`min(${broadcasts.scheduledAt})` })
    .from(broadcasts)
    .where(and(eq(broadcasts.status, 'scheduled'), isNotNull(broadcasts.scheduledAt)))
    .get();
  return row?.at ?? null;
}

export function addRecipients(db: AppDb, broadcastId: number, patientIds: number[], now: number): void {
  for (const patientId of patientIds) {
    db.insert(broadcastRecipients).values({ broadcastId, patientId, createdAt: now }).onConflictDoNothing().run();
  }
}

export function pendingRecipients(db: AppDb, broadcastId: number, limit: number): RecipientRow[] {
  return db
    .select()
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.state, 'pending')))
    .orderBy(asc(broadcastRecipients.id))
    .limit(limit)
    .all();
}

export function setRecipient(db: AppDb, id: number, values: Pick<Partial<RecipientRow>, 'state' | 'exclusionReason' | 'messageId'>): void {
  db.update(broadcastRecipients).set(values).where(eq(broadcastRecipients.id, id)).run();
}

export function recipientCounts(db: AppDb, broadcastId: number): { total: number; queued: number; excluded: number; pending: number } {
  const rows = db
    .select({ state: broadcastRecipients.state, n: sql<number>`count(*)` })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId))
    .groupBy(broadcastRecipients.state)
    .all();
  const counts = { total: 0, queued: 0, excluded: 0, pending: 0 };
  for (const r of rows) {
    counts[r.state] = r.n;
    counts.total += r.n;
  }
  return counts;
}

export function queuedMessageIds(db: AppDb, broadcastId: number): number[] {
  return db
    .select({ id: broadcastRecipients.messageId })
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.state, 'queued'), isNotNull(broadcastRecipients.messageId)))
    .all()
    .flatMap((r) => (r.id === null ? [] : [r.id]));
}

export function excludePending(db: AppDb, broadcastId: number, reason: string): number {
  return db
    .update(broadcastRecipients)
    .set({ state: 'excluded', exclusionReason: reason })
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.state, 'pending')))
    .run().changes;
}
