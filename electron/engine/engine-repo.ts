/**
 * The engine's SQL: the outbox (deliveries), the facts the rules need, and the writes the
 * dispatcher makes. Hot paths use cached better-sqlite3 statements; every function takes the
 * database as its first argument.
 */
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';
import { isSuppressed } from '../repos/rules-facts-repo';
import type { Channel, DeliveryState, Purpose } from '../../shared/domain';

export type { DeliveryState };

export interface DeliveryRow {
  id: number;
  message_id: number;
  channel: Channel;
  address: string;
  provider: string;
  sender: string | null;
  state: DeliveryState;
  reason_code: string | null;
  attempt_count: number;
  next_attempt_at: number | null;
  attempt_started_at: number | null;
  provider_id: string | null;
  provider_status: string | null;
  error_code: string | null;
  error_text: string | null;
  price: number | null;
  price_unit: string | null;
  segments: number | null;
  fallback_of_delivery_id: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  final_at: number | null;
}

export interface MessageRow {
  id: number;
  conversation_id: number;
  patient_id: number | null;
  direction: 'inbound' | 'outbound';
  channel: Channel;
  address: string;
  body: string;
  subject: string | null;
  html: string | null;
  origin: string;
  appointment_id: number | null;
  purpose: Purpose;
  emergency: number;
  hold_exempt: 'answer' | 'sent_now' | null;
  dedupe_key: string | null;
  render_context: string | null;
  created_at: number;
}

export * from '../repos/rules-facts-repo';
export * from './threads-repo';

// ---------- messages and deliveries ----------

export function findMessageByDedupeKey(db: AppDb, key: string): { id: number } | undefined {
  return stmt(db, 'select id from messages where dedupe_key = +?').get(key) as { id: number } | undefined;
}

export function getMessage(db: AppDb, id: number): MessageRow | undefined {
  return stmt(db, 'select * from messages where id = +?').get(id) as MessageRow | undefined;
}

export interface NewMessage {
  conversationId: number;
  patientId: number | null;
  direction: 'inbound' | 'outbound';
  channel: Channel;
  address: string;
  body: string;
  subject: string | null;
  html: string | null;
  origin: string;
  staffId: number | null;
  reminderRuleId: number | null;
  appointmentId: number | null;
  broadcastId: number | null;
  templateVersionId: number | null;
  purpose: Purpose;
  emergency: boolean;
  holdExempt?: 'answer' | 'sent_now' | null;
  dedupeKey: string | null;
  providerMessageId: string | null;
  renderContext: Record<string, unknown> | null;
  createdAt: number;
}

export function insertMessage(db: AppDb, m: NewMessage): number {
  const info = stmt(
    db,
    `insert into messages (conversation_id, patient_id, direction, channel, address, body, subject, html, origin, staff_id,
       reminder_rule_id, appointment_id, broadcast_id, template_version_id, purpose, emergency, hold_exempt, dedupe_key,
       provider_message_id, render_context, created_at)
     values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    m.conversationId,
    m.patientId,
    m.direction,
    m.channel,
    m.address,
    m.body,
    m.subject,
    m.html,
    m.origin,
    m.staffId,
    m.reminderRuleId,
    m.appointmentId,
    m.broadcastId,
    m.templateVersionId,
    m.purpose,
    m.emergency ? 1 : 0,
    m.holdExempt ?? null,
    m.dedupeKey,
    m.providerMessageId,
    m.renderContext === null ? null : JSON.stringify(m.renderContext),
    m.createdAt,
  );
  return Number(info.lastInsertRowid);
}

export interface NewDelivery {
  messageId: number;
  channel: Channel;
  address: string;
  provider: string;
  state: DeliveryState;
  reasonCode: string | null;
  nextAttemptAt: number | null;
  segments: number | null;
  fallbackOfDeliveryId: number | null;
  now: number;
}

export function insertDelivery(db: AppDb, d: NewDelivery): number {
  const final = d.state === 'failed' || d.state === 'cancelled';
  const info = stmt(
    db,
    `insert into deliveries (message_id, channel, address, provider, state, reason_code, next_attempt_at, segments,
       fallback_of_delivery_id, created_at, updated_at, final_at)
     values (?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    d.messageId,
    d.channel,
    d.address,
    d.provider,
    d.state,
    d.reasonCode,
    d.nextAttemptAt,
    d.segments,
    d.fallbackOfDeliveryId,
    d.now,
    d.now,
    final ? d.now : null,
  );
  return Number(info.lastInsertRowid);
}

export function getDelivery(db: AppDb, id: number): DeliveryRow | undefined {
  return stmt(db, 'select * from deliveries where id = +?').get(id) as DeliveryRow | undefined;
}

/** What a `delivery.updated` event says about a delivery, in one lookup. */
export function deliveryEventFacts(
  db: AppDb,
  id: number,
): { message_id: number; conversation_id: number; state: DeliveryState; reason_code: string | null } | undefined {
  return stmt(
    db,
    'select d.message_id, m.conversation_id, d.state, d.reason_code from deliveries d join messages m on m.id = d.message_id where d.id = +?',
  ).get(id) as { message_id: number; conversation_id: number; state: DeliveryState; reason_code: string | null } | undefined;
}

/** The same facts for many deliveries in one statement, in the order asked (missing ids are left out). */
export function deliveriesEventFacts(
  db: AppDb,
  ids: readonly number[],
): Array<{ id: number; message_id: number; conversation_id: number; state: DeliveryState; reason_code: string | null }> {
  return stmt(
    db,
    `select d.id, d.message_id, m.conversation_id, d.state, d.reason_code from json_each(?) j
     cross join deliveries d on d.id = j.value cross join messages m on m.id = d.message_id order by j.key`,
  ).all(JSON.stringify(ids)) as Array<{ id: number; message_id: number; conversation_id: number; state: DeliveryState; reason_code: string | null }>;
}

/** Due work: queued or held rows whose time has come, oldest first. */
export function dueDeliveries(db: AppDb, now: number, limit: number): DeliveryRow[] {
  return stmt(
    db,
    `select * from deliveries where state in ('queued','held') and next_attempt_at <= ? order by next_attempt_at, id limit ?`,
  ).all(now, limit) as DeliveryRow[];
}

/** Accepted messages whose status should be polled now. */
export function duePolls(db: AppDb, now: number, limit: number): DeliveryRow[] {
  return stmt(db, `select * from deliveries where state = 'sent' and next_attempt_at <= ? order by next_attempt_at, id limit ?`).all(
    now,
    limit,
  ) as DeliveryRow[];
}

export function deliveriesInState(db: AppDb, state: DeliveryState): DeliveryRow[] {
  return stmt(db, 'select * from deliveries where state = +? order by id').all(state) as DeliveryRow[];
}

/** The earliest next_attempt_at of queued/held rows on one channel (index deliveries_due_channel_idx). */
export function earliestDueOnChannel(db: AppDb, channel: Channel): number | null {
  let best: number | null = null;
  for (const state of ['queued', 'held'] as const) {
    const row = stmt(
      db,
      'select min(next_attempt_at) t from deliveries where state = +? and channel = +? and next_attempt_at is not null',
    ).get(state, channel) as { t: number | null };
    if (row.t !== null && (best === null || row.t < best)) best = row.t;
  }
  return best;
}

/** The earliest status poll due, and its provider. */
export function earliestPoll(db: AppDb): { t: number; provider: string } | null {
  const row = stmt(
    db,
    `select next_attempt_at t, provider from deliveries where state = 'sent' and next_attempt_at is not null order by next_attempt_at limit 1`,
  ).get() as { t: number; provider: string } | undefined;
  return row ?? null;
}

export function deliveriesOfMessage(db: AppDb, messageId: number): DeliveryRow[] {
  return stmt(db, 'select * from deliveries where message_id = +? order by id').all(messageId) as DeliveryRow[];
}

export function deliveriesOfConversation(db: AppDb, conversationId: number, limit: number): Array<DeliveryRow & { conversation_id: number }> {
  return stmt(
    db,
    `select d.*, m.conversation_id from deliveries d join messages m on m.id = d.message_id
     where m.conversation_id = +? order by d.id desc limit ?`,
  ).all(conversationId, limit) as Array<DeliveryRow & { conversation_id: number }>;
}

export function updateDelivery(db: AppDb, id: number, values: Partial<Omit<DeliveryRow, 'id'>>): void {
  const keys = Object.keys(values) as Array<keyof typeof values>;
  if (keys.length === 0) return;
  const source = `update deliveries set ${keys.map((k) => `${k} = ?`).join(', ')} where id = +?`;
  stmt(db, source).run(...keys.map((k) => values[k] ?? null), id);
}

export interface CountByState {
  queued: number;
  held: number;
  sending: number;
}

export function countOpen(db: AppDb): CountByState {
  const rows = stmt(db, `select state, count(*) n from deliveries where state in ('queued','held','sending') group by state`).all() as Array<{
    state: keyof CountByState;
    n: number;
  }>;
  const out: CountByState = { queued: 0, held: 0, sending: 0 };
  for (const r of rows) out[r.state] = r.n;
  return out;
}

export function backlogByProviderChannel(db: AppDb, now: number): Array<{ provider: string; channel: Channel; segments: number }> {
  return stmt(
    db,
    `select provider, channel, sum(coalesce(segments, 1)) segments from deliveries
     where state = 'queued' and next_attempt_at <= ? group by provider, channel`,
  ).all(now) as Array<{ provider: string; channel: Channel; segments: number }>;
}

export function cancelWhere(
  db: AppDb,
  target: { appointmentId: number } | { channel: Channel; address: string } | { messageId: number },
  reason: string,
  now: number,
): Array<{ id: number; message_id: number }> {
  let rows: Array<{ id: number; message_id: number }>;
  if ('appointmentId' in target) {
    rows = stmt(
      db,
      `update deliveries set state = 'cancelled', reason_code = ?, updated_at = ?, final_at = ?, next_attempt_at = null
       where state in ('queued','held') and message_id in (select id from messages where appointment_id = +?) returning id, message_id`,
    ).all(reason, now, now, target.appointmentId) as Array<{ id: number; message_id: number }>;
  } else if ('messageId' in target) {
    rows = stmt(
      db,
      `update deliveries set state = 'cancelled', reason_code = ?, updated_at = ?, final_at = ?, next_attempt_at = null
       where state in ('queued','held') and message_id = +? returning id, message_id`,
    ).all(reason, now, now, target.messageId) as Array<{ id: number; message_id: number }>;
  } else {
    rows = stmt(
      db,
      `update deliveries set state = 'cancelled', reason_code = ?, updated_at = ?, final_at = ?, next_attempt_at = null
       where state in ('queued','held') and channel = +? and address = +? returning id, message_id`,
    ).all(reason, now, now, target.channel, target.address) as Array<{ id: number; message_id: number }>;
  }
  return rows;
}

// ---------- permanent-error side effects ----------

export function markContactInvalid(db: AppDb, kind: 'phone' | 'email', value: string, status: 'invalid' | 'bouncing', reason: string, now: number): number {
  return stmt(db, 'update contact_points set status = ?, status_reason = ?, updated_at = ? where kind = +? and value = +?').run(
    status,
    reason,
    now,
    kind,
    value,
  ).changes;
}

export function addSuppression(
  db: AppDb,
  s: { channel: Channel; address: string; reason: 'stop_keyword' | 'hard_bounce' | 'complaint' | 'invalid_number' | 'staff' | 'provider_opt_out'; detail: string | null },
  now: number,
): void {
  if (isSuppressed(db, s.channel, s.address)) return;
  stmt(db, 'insert into suppressions (channel, address, reason, detail, created_at) values (?,?,?,?,?)').run(
    s.channel,
    s.address,
    s.reason,
    s.detail,
    now,
  );
}
