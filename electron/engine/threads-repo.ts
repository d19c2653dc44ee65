/**
 * The engine's SQL about threads: the conversation a message goes to (hot path of queueing), the
 * WhatsApp window, inbound dedupe, which patient a reply on a shared phone is about, and the
 * sandbox's inbox. Every function takes the database first; statements are cached.
 */
import type { AppDb } from '../db/database';
import type { Channel } from '../../shared/domain';
import { householdConversationId } from '../repos/households-repo';
import type { DeliveryState } from '../../shared/domain';
import { stmt } from '../db/sql-cache';

export function conversationWindowEndsAt(db: AppDb, conversationId: number): number | null {
  const row = stmt(db, 'select whatsapp_window_ends_at w from conversations where id = +?').get(conversationId) as
    | { w: number | null }
    | undefined;
  return row?.w ?? null;
}

export function setWhatsappWindow(db: AppDb, conversationId: number, endsAt: number): void {
  stmt(db, 'update conversations set whatsapp_window_ends_at = max(coalesce(whatsapp_window_ends_at, 0), ?) where id = +?').run(
    endsAt,
    conversationId,
  );
}

export function findInboundByProviderId(db: AppDb, providerMessageId: string): { id: number } | undefined {
  return stmt(db, 'select id from messages where provider_message_id = +?').get(providerMessageId) as { id: number } | undefined;
}

/** The patient most recently messaged at an address (to thread a reply on a shared phone). */
export function lastOutboundPatientForAddress(db: AppDb, address: string): number | null {
  const row = stmt(
    db,
    `select patient_id from messages where address = +? and direction = 'outbound' and patient_id is not null order by id desc limit 1`,
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
  const where = address === null ? '' : 'and d.address = +?';
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

export function ensureConversationFast(
  db: AppDb,
  target: { patientId: number } | { address: string },
  now: number,
  options: { open: boolean } = { open: true },
): number {
  // A patient's messages go to their household's conversation (one thread per family).
  if ('patientId' in target) return householdConversationId(db, target.patientId, now, options);
  const row = stmt(db, 'select id from conversations where address = +?').get(target.address) as { id: number } | undefined;
  if (row) return row.id;
  const info = stmt(db, 'insert into conversations (address, status, created_at, updated_at) values (?, ?, ?, ?)').run(
    target.address,
    options.open ? 'open' : 'resolved',
    now,
    now,
  );
  return Number(info.lastInsertRowid);
}

/** A message body as the conversation list shows it: one line, at most 140 characters. */
export function previewOf(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 140);
}

/** `onlyIfEmpty`: a reminder or broadcast sets the preview of a thread that has none, and never moves one up the list. */
export function recordOutboundFast(db: AppDb, conversationId: number, body: string, at: number, onlyIfEmpty = false): void {
  const preview = previewOf(body);
  stmt(
    db,
    'update conversations set last_message_at = ?, last_message_preview = ?, updated_at = ? where id = +? and (? = 0 or last_message_at is null)',
  ).run(at, preview, at, conversationId, onlyIfEmpty ? 1 : 0);
}
