/**
 * The engine's SQL: the outbox (deliveries), the facts the rules need, and the writes the
 * dispatcher makes. Hot paths use cached better-sqlite3 statements; every function takes the
 * database as its first argument.
 */
import type Database from 'better-sqlite3';
import type { AppDb } from '../db/database';
import type { Channel, Purpose } from '../../shared/domain';

export type DeliveryState =
  | 'queued'
  | 'held'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  | 'undelivered'
  | 'cancelled';

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
  dedupe_key: string | null;
  render_context: string | null;
  created_at: number;
}

export interface PatientFacts {
  id: number;
  time_zone: string | null;
  archived: number;
  language: string;
  first_name: string;
  last_name: string;
}

export interface ContactRow {
  patient_id: number;
  kind: 'phone' | 'email';
  value: string;
  status: 'ok' | 'invalid' | 'bouncing';
  is_primary: number;
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement cached per connection. */
function stmt(db: AppDb, source: string): Database.Statement {
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

// ---------- facts for the rules ----------

export function getPatientFacts(db: AppDb, patientId: number): PatientFacts | undefined {
  return stmt(db, 'select id, time_zone, archived, language, first_name, last_name from patients where id = ?').get(patientId) as
    | PatientFacts
    | undefined;
}

export function getChannelOrder(db: AppDb, patientId: number): Channel[] | null {
  const row = stmt(db, 'select channel_order from preferences where patient_id = ?').get(patientId) as
    | { channel_order: string }
    | undefined;
  if (!row) return null;
  const parsed = JSON.parse(row.channel_order) as unknown;
  return Array.isArray(parsed) ? (parsed as Channel[]) : null;
}

export type QuietOverride = { start: string; end: string } | { none: true } | null;

export function getQuietOverride(db: AppDb, patientId: number): QuietOverride {
  const row = stmt(db, 'select quiet_hours_override q from preferences where patient_id = ?').get(patientId) as
    | { q: string | null }
    | undefined;
  if (!row || row.q === null) return null;
  return JSON.parse(row.q) as QuietOverride;
}

export function getContactPoints(db: AppDb, patientId: number): ContactRow[] {
  return stmt(
    db,
    'select patient_id, kind, value, status, is_primary from contact_points where patient_id = ? order by is_primary desc, id',
  ).all(patientId) as ContactRow[];
}

export function getContactStatus(db: AppDb, kind: 'phone' | 'email', value: string): ContactRow['status'] | null {
  const row = stmt(
    db,
    "select case when sum(status = 'invalid') > 0 then 'invalid' when sum(status = 'bouncing') > 0 then 'bouncing' else 'ok' end s, count(*) n from contact_points where kind = ? and value = ?",
  ).get(kind, value) as { s: ContactRow['status']; n: number };
  return row.n > 0 ? row.s : null;
}

export function patientsWithAddress(db: AppDb, kind: 'phone' | 'email', value: string): number[] {
  return (
    stmt(db, 'select distinct patient_id from contact_points where kind = ? and value = ? order by patient_id').all(kind, value) as Array<{
      patient_id: number;
    }>
  ).map((r) => r.patient_id);
}

export function isSuppressed(db: AppDb, channel: Channel, address: string): boolean {
  return (
    stmt(db, 'select 1 from suppressions where channel = ? and address = ? and lifted_at is null limit 1').get(channel, address) !==
    undefined
  );
}

/** The latest consent status for a patient, channel and purpose, or null when none was recorded. */
export function latestConsent(db: AppDb, patientId: number, channel: Channel, purpose: Purpose): 'opted_in' | 'opted_out' | null {
  const row = stmt(
    db,
    'select status from consent_events where patient_id = ? and channel = ? and purpose = ? order by id desc limit 1',
  ).get(patientId, channel, purpose) as { status: 'opted_in' | 'opted_out' } | undefined;
  return row?.status ?? null;
}

/**
 * Messages that reached (or are reaching) a provider for this patient in [from, to): what the
 * daily cap counts. Emergency messages are counted too (they are only exempt from the cap).
 */
export function countSentForPatient(db: AppDb, patientId: number, from: number, to: number, excludeDeliveryId: number): number {
  const row = stmt(
    db,
    `select count(*) n from messages m cross join deliveries d on d.message_id = m.id
     where m.patient_id = ? and d.id != ?
       and d.state in ('sending','sent','delivered','read','undelivered')
       and coalesce(d.sent_at, d.attempt_started_at) >= ? and coalesce(d.sent_at, d.attempt_started_at) < ?`,
  ).get(patientId, excludeDeliveryId, from, to) as { n: number };
  return row.n;
}

/** Deliveries queued (not held) and due before `to`: counted at queue time as well. */
export function countQueuedForPatient(db: AppDb, patientId: number, from: number, to: number): number {
  const row = stmt(
    db,
    `select count(*) n from messages m cross join deliveries d on d.message_id = m.id
     where m.patient_id = ? and d.state = 'queued' and d.next_attempt_at >= ? and d.next_attempt_at < ?`,
  ).get(patientId, from, to) as { n: number };
  return row.n;
}

// ---------- messages and deliveries ----------

export function findMessageByDedupeKey(db: AppDb, key: string): { id: number } | undefined {
  return stmt(db, 'select id from messages where dedupe_key = ?').get(key) as { id: number } | undefined;
}

export function getMessage(db: AppDb, id: number): MessageRow | undefined {
  return stmt(db, 'select * from messages where id = ?').get(id) as MessageRow | undefined;
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
  dedupeKey: string | null;
  providerMessageId: string | null;
  renderContext: Record<string, unknown> | null;
  createdAt: number;
}

export function insertMessage(db: AppDb, m: NewMessage): number {
  const info = stmt(
    db,
    `insert into messages (conversation_id, patient_id, direction, channel, address, body, subject, html, origin, staff_id,
       reminder_rule_id, appointment_id, broadcast_id, template_version_id, purpose, emergency, dedupe_key,
       provider_message_id, render_context, created_at)
     values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
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
  return stmt(db, 'select * from deliveries where id = ?').get(id) as DeliveryRow | undefined;
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
  return stmt(db, 'select * from deliveries where state = ? order by id').all(state) as DeliveryRow[];
}

/** The earliest next_attempt_at of queued/held rows on one channel (index deliveries_due_channel_idx). */
export function earliestDueOnChannel(db: AppDb, channel: Channel): number | null {
  let best: number | null = null;
  for (const state of ['queued', 'held'] as const) {
    const row = stmt(
      db,
      'select min(next_attempt_at) t from deliveries where state = ? and channel = ? and next_attempt_at is not null',
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

export function earliestDue(db: AppDb): number | null {
  const row = stmt(
    db,
    `select min(next_attempt_at) t from deliveries where state in ('queued','held','sent') and next_attempt_at is not null`,
  ).get() as { t: number | null };
  return row.t;
}

export function deliveriesOfMessage(db: AppDb, messageId: number): DeliveryRow[] {
  return stmt(db, 'select * from deliveries where message_id = ? order by id').all(messageId) as DeliveryRow[];
}

export function deliveriesOfConversation(db: AppDb, conversationId: number, limit: number): Array<DeliveryRow & { conversation_id: number }> {
  return stmt(
    db,
    `select d.*, m.conversation_id from deliveries d join messages m on m.id = d.message_id
     where m.conversation_id = ? order by d.id desc limit ?`,
  ).all(conversationId, limit) as Array<DeliveryRow & { conversation_id: number }>;
}

/** Sids already recorded on deliveries: a reconciliation must not claim them twice. */
export function providerIdsFor(db: AppDb, channel: Channel, address: string): Set<string> {
  const rows = stmt(db, 'select provider_id from deliveries where channel = ? and address = ? and provider_id is not null').all(
    channel,
    address,
  ) as Array<{ provider_id: string }>;
  return new Set(rows.map((r) => r.provider_id));
}

export function updateDelivery(db: AppDb, id: number, values: Partial<Omit<DeliveryRow, 'id'>>): void {
  const keys = Object.keys(values) as Array<keyof typeof values>;
  if (keys.length === 0) return;
  const source = `update deliveries set ${keys.map((k) => `${k} = ?`).join(', ')} where id = ?`;
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
       where state in ('queued','held') and message_id in (select id from messages where appointment_id = ?) returning id, message_id`,
    ).all(reason, now, now, target.appointmentId) as Array<{ id: number; message_id: number }>;
  } else if ('messageId' in target) {
    rows = stmt(
      db,
      `update deliveries set state = 'cancelled', reason_code = ?, updated_at = ?, final_at = ?, next_attempt_at = null
       where state in ('queued','held') and message_id = ? returning id, message_id`,
    ).all(reason, now, now, target.messageId) as Array<{ id: number; message_id: number }>;
  } else {
    rows = stmt(
      db,
      `update deliveries set state = 'cancelled', reason_code = ?, updated_at = ?, final_at = ?, next_attempt_at = null
       where state in ('queued','held') and channel = ? and address = ? returning id, message_id`,
    ).all(reason, now, now, target.channel, target.address) as Array<{ id: number; message_id: number }>;
  }
  return rows;
}

// ---------- permanent-error side effects ----------

export function markContactInvalid(db: AppDb, kind: 'phone' | 'email', value: string, status: 'invalid' | 'bouncing', reason: string, now: number): number {
  return stmt(db, 'update contact_points set status = ?, status_reason = ?, updated_at = ? where kind = ? and value = ?').run(
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

export function conversationWindowEndsAt(db: AppDb, conversationId: number): number | null {
  const row = stmt(db, 'select whatsapp_window_ends_at w from conversations where id = ?').get(conversationId) as
    | { w: number | null }
    | undefined;
  return row?.w ?? null;
}

export function setWhatsappWindow(db: AppDb, conversationId: number, endsAt: number): void {
  stmt(db, 'update conversations set whatsapp_window_ends_at = max(coalesce(whatsapp_window_ends_at, 0), ?) where id = ?').run(
    endsAt,
    conversationId,
  );
}

export function findInboundByProviderId(db: AppDb, providerMessageId: string): { id: number } | undefined {
  return stmt(db, 'select id from messages where provider_message_id = ?').get(providerMessageId) as { id: number } | undefined;
}

/** The patient most recently messaged at an address (to thread a reply on a shared phone). */
export function lastOutboundPatientForAddress(db: AppDb, address: string): number | null {
  const row = stmt(
    db,
    `select patient_id from messages where address = ? and direction = 'outbound' and patient_id is not null order by id desc limit 1`,
  ).get(address) as { patient_id: number } | undefined;
  return row?.patient_id ?? null;
}

export interface SandboxRow {
  delivery_id: number;
  message_id: number;
  conversation_id: number;
  channel: Channel;
  address: string;
  subject: string | null;
  body: string;
  state: DeliveryState;
  sent_at: number | null;
}

export function sandboxInbox(db: AppDb, address: string | null, limit: number): SandboxRow[] {
  const where = address === null ? '' : 'and d.address = ?';
  const params: unknown[] = address === null ? [limit] : [address, limit];
  return stmt(
    db,
    `select d.id delivery_id, d.message_id, m.conversation_id, d.channel, d.address, m.subject, m.body, d.state, d.sent_at
     from deliveries d join messages m on m.id = d.message_id
     where d.provider = 'sandbox' and d.state in ('sent','delivered','read') ${where}
     order by d.id desc limit ?`,
  ).all(...params) as SandboxRow[];
}

// ---------- conversations (hot path) ----------
// Same semantics as repos/conversations-repo.ts (ensure + recordConversationMessage for an outbound
// message), with cached statements: queueing a 50,000-recipient broadcast runs these 50,000 times.

export function ensureConversationFast(db: AppDb, target: { patientId: number } | { address: string }, now: number): number {
  const row = (
    'patientId' in target
      ? stmt(db, 'select id from conversations where patient_id = ?').get(target.patientId)
      : stmt(db, 'select id from conversations where address = ?').get(target.address)
  ) as { id: number } | undefined;
  if (row) return row.id;
  const info =
    'patientId' in target
      ? stmt(db, 'insert into conversations (patient_id, created_at, updated_at) values (?, ?, ?)').run(target.patientId, now, now)
      : stmt(db, 'insert into conversations (address, created_at, updated_at) values (?, ?, ?)').run(target.address, now, now);
  return Number(info.lastInsertRowid);
}

export function recordOutboundFast(db: AppDb, conversationId: number, body: string, at: number): void {
  const preview = body.replace(/\s+/g, ' ').trim().slice(0, 140);
  stmt(db, 'update conversations set last_message_at = ?, last_message_preview = ?, updated_at = ? where id = ?').run(at, preview, at, conversationId);
}
