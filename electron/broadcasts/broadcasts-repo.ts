/** Broadcasts and their recipients (SQL only). */
import { and, asc, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';
import { broadcastRecipients, broadcasts, DELIVERY_STATES } from '../db/schema';
import type { BroadcastProgressCounts } from '../../shared/contract/broadcasts';

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

/** Every patient of the audience as a pending recipient, in one statement (already there: kept). */
export function addRecipients(db: AppDb, broadcastId: number, patientIds: number[], now: number): void {
  db.$client
    .prepare(
      `insert into broadcast_recipients (broadcast_id, patient_id, created_at) select ?, value, ? from json_each(?) where true
       on conflict do nothing`,
    )
    .run(broadcastId, now, JSON.stringify(patientIds));
}

/**
 * The next `limit` pending recipients after `afterId` (keyset: each batch starts where the last
 * ended). `+broadcast_id` keeps SQLite on the id range: a broadcast's recipients are added together,
 * so this reads one batch, not every recipient of the broadcast and a sort.
 */
export function pendingRecipients(db: AppDb, broadcastId: number, limit: number, afterId = 0): PendingRecipient[] {
  return stmt(
    db,
    `select id, patient_id patientId from broadcast_recipients where id > ? and +broadcast_id = ? and state = 'pending' order by id limit ?`,
  ).all(afterId, broadcastId, limit) as PendingRecipient[];
}

/** A pending recipient as the sender needs it: its row and its patient. */
export interface PendingRecipient {
  id: number;
  patientId: number;
}

/** The broadcast's status alone (the sender's check between batches), null when it is gone. */
export function broadcastStatus(db: AppDb, id: number): BroadcastRow['status'] | null {
  const row = stmt(db, 'select status from broadcasts where id = +?').get(id) as { status: BroadcastRow['status'] } | undefined;
  return row?.status ?? null;
}

export type RecipientOutcome = { id: number; state: 'excluded'; exclusionReason: string } | { id: number; state: 'queued'; messageId: number };

/**
 * What a batch decided for its recipients: one UPDATE ... FROM a JSON array of [id, value] pairs
 * per kind of outcome, instead of a statement per recipient.
 */
export function setRecipients(db: AppDb, outcomes: readonly RecipientOutcome[]): void {
  const excluded: Array<[number, string]> = [];
  const queued: Array<[number, number]> = [];
  for (const o of outcomes) {
    if (o.state === 'excluded') excluded.push([o.id, o.exclusionReason]);
    else queued.push([o.id, o.messageId]);
  }
  if (excluded.length > 0) {
    stmt(db, `update broadcast_recipients set state = 'excluded', exclusion_reason = j.value ->> 1 from json_each(?) j where broadcast_recipients.id = j.value ->> 0`).run(
      JSON.stringify(excluded),
    );
  }
  if (queued.length > 0) {
    stmt(db, `update broadcast_recipients set state = 'queued', message_id = j.value ->> 1 from json_each(?) j where broadcast_recipients.id = j.value ->> 0`).run(
      JSON.stringify(queued),
    );
  }
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

type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * Progress by delivery state: recipients by state (pending, queued, excluded), the state of each
 * queued recipient's latest delivery (a fallback replaces the first), and exclusions per reason.
 * Index-friendly: broadcast_recipients_uq (broadcast_id, …) → deliveries_message_idx → deliveries pk.
 */
export function broadcastProgressCounts(db: AppDb, broadcastId: number): BroadcastProgressCounts {
  const byRecipient = recipientCounts(db, broadcastId);
  const byState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const r of db.all<{ state: DeliveryState; n: number }>(latestDeliveryStatesSql(broadcastId))) byState[r.state] = r.n;
  const excludedBy: Record<string, number> = {};
  const reasons = db
    .select({ reason: broadcastRecipients.exclusionReason, n: sql<number>`count(*)` })
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.state, 'excluded')))
    .groupBy(broadcastRecipients.exclusionReason)
    .all();
  for (const r of reasons) excludedBy[r.reason ?? 'unknown'] = r.n;
  const covered = db.get<{ addresses: number; patients: number }>(sql`
    select count(distinct message_id) as addresses, count(*) as patients from broadcast_recipients
    where broadcast_id = ${broadcastId} and state = 'queued' and message_id is not null`);
  return { ...byRecipient, byState, excludedBy, addresses: covered?.addresses ?? 0, patientsCovered: covered?.patients ?? 0 };
}

/** Queued recipients of a broadcast counted by their message's latest delivery state (exported for its query-plan test). */
export function latestDeliveryStatesSql(broadcastId: number): SQL {
  return sql`
    select d.state as state, count(*) as n
    from broadcast_recipients r
    join deliveries d on d.id = (select max(d2.id) from deliveries d2 where d2.message_id = r.message_id)
    where r.broadcast_id = ${broadcastId} and r.state = 'queued' and r.message_id is not null
    group by d.state`;
}

/** Delivery states after which the engine does nothing more on its own (sent: handed to the provider). */
export const UNFINISHED_DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'held', 'sending'];

/** The broadcast a message belongs to, if any. */
export function broadcastOfMessage(db: AppDb, messageId: number): number | null {
  const row = db.get<{ b: number | null } | undefined>(sql`select broadcast_id as b from messages where id = ${messageId}`);
  return row?.b ?? null;
}

/** The state of a message's latest delivery (null: it has none). */
export function latestDeliveryStateOf(db: AppDb, messageId: number): DeliveryState | null {
  const row = db.get<{ state: DeliveryState } | undefined>(sql`select state from deliveries where message_id = ${messageId} order by id desc limit 1`);
  return row?.state ?? null;
}
