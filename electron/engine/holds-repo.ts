/**
 * The outbox's holds (SQL only): when the patient last wrote (the reply window), releasing
 * earlier held messages to an address so they keep their order, holding and releasing a
 * message's or a broadcast's deliveries (broadcast pause), and the hold exemption of a message.
 */
import type { AppDb } from '../db/database';
import type { Channel } from '../../shared/domain';
import { stmt } from '../db/sql-cache';

/** When the patient (this patient's household, or this bare address) last wrote to us. */
export function lastInboundAt(db: AppDb, target: { patientId: number } | { address: string }): number | null {
  const row = (
    'patientId' in target
      ? stmt(
          db,
          `select max(m.created_at) t from patients p join conversations c on c.household_id = p.household_id
           join messages m on m.conversation_id = c.id where p.id = +? and m.direction = 'inbound'`,
        ).get(target.patientId)
      : stmt(db, `select max(created_at) t from messages where address = +? and direction = 'inbound'`).get(target.address)
  ) as { t: number | null } | undefined;
  return row?.t ?? null;
}

/**
 * Held messages to one address keep their order: when a later message to it may go now, the
 * earlier held ones are due now too (the dispatcher re-checks them first, by due time then id;
 * whatever still must wait is held again).
 */
export function releaseEarlierHeld(db: AppDb, channel: Channel, address: string, beforeDeliveryId: number, now: number): number {
  return stmt(
    db,
    `update deliveries set next_attempt_at = ?, updated_at = ?
     where state = 'held' and channel = +? and address = +? and id < ? and next_attempt_at > ? and reason_code in ('quiet_hours','daily_cap')`,
  ).run(now, now, channel, address, beforeDeliveryId, now).changes;
}

export type PauseTarget = { messageId: number } | { broadcastId: number };

const targetSql = (t: PauseTarget) =>
  'messageId' in t
    ? { where: 'message_id = +?', param: t.messageId }
    : { where: 'message_id in (select id from messages where broadcast_id = +?)', param: t.broadcastId };

/**
 * Stops deliveries that no provider has yet (queued or held) from going: held with `reason` and
 * no due time, so the dispatcher never picks them until they are released.
 */
export function holdWhere(db: AppDb, target: PauseTarget, reason: string, now: number): Array<{ id: number }> {
  const t = targetSql(target);
  return stmt(
    db,
    `update deliveries set state = 'held', reason_code = ?, next_attempt_at = null, updated_at = ?
     where state in ('queued','held') and ${t.where} returning id`,
  ).all(reason, now, t.param) as Array<{ id: number }>;
}

/** Held deliveries (of `reasons`, or any) become due now; the dispatcher re-checks every rule. */
export function releaseWhere(db: AppDb, target: PauseTarget, reasons: string[] | null, now: number): Array<{ id: number }> {
  const t = targetSql(target);
  const rows = stmt(
    db,
    `select id, reason_code from deliveries where state = 'held' and ${t.where} order by id`,
  ).all(t.param) as Array<{ id: number; reason_code: string | null }>;
  const chosen = rows.filter((r) => reasons === null || (r.reason_code !== null && reasons.includes(r.reason_code)));
  for (const r of chosen) {
    stmt(db, `update deliveries set state = 'queued', reason_code = null, next_attempt_at = ?, updated_at = ? where id = +?`).run(now, now, r.id);
  }
  return chosen.map((r) => ({ id: r.id }));
}

export function setHoldExempt(db: AppDb, messageId: number, value: 'answer' | 'sent_now'): void {
  stmt(db, 'update messages set hold_exempt = ? where id = +?').run(value, messageId);
}
