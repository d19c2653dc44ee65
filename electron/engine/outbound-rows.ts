/**
 * The rows queueing writes for one request, whether it comes alone or in a bulk slice: what the
 * message keeps so a fallback channel can render its own content, the delivery's starting state
 * from the rules' decision, and the message and delivery inserts. One shape for both paths, so a
 * broadcast recipient and a single send can never be stored differently.
 */
import type { Channel, Purpose } from '../../shared/domain';
import type { AppDb } from '../db/database';
import { insertDelivery, insertMessage, type NewDelivery, type NewMessage } from './engine-repo';
import { multiRowInsertSql } from '../db/multi-row-insert';
import { stmt } from '../db/sql-cache';
import type { RenderedContent } from './render';
import type { QueueRequest } from './queue-types';

/** What the message row keeps so a fallback channel can render its own content. */
export interface RenderContext {
  explicitChannel: boolean;
  /** The only channels this message may go on (a broadcast's template has text for these); a fallback stays within them. */
  channels?: Channel[];
  templateId?: number;
  templateVersionId?: number;
  /** The typed text and subject, so a fallback channel can lay it out for itself. */
  literalBody?: string;
  literalSubject?: string;
  variables?: Record<string, unknown>;
  whatsappContent?: { contentSid: string; variables: Record<string, string> } | null;
  attachments?: Array<{ path: string; filename?: string }>;
}

export function renderContextFor(request: QueueRequest, rendered: RenderedContent): RenderContext {
  return {
    // A send to a bare address has only the one channel it was written for.
    explicitChannel: request.channel !== undefined || !('patientId' in request.to),
    ...(request.channels ? { channels: [...request.channels] } : {}),
    ...(request.templateId !== undefined ? { templateId: request.templateId, templateVersionId: rendered.templateVersionId ?? undefined } : {}),
    ...(request.body !== undefined ? { literalBody: request.body } : {}),
    ...(request.subject !== undefined ? { literalSubject: request.subject } : {}),
    ...(request.variables ? { variables: request.variables } : {}),
    ...(rendered.whatsappContent ? { whatsappContent: rendered.whatsappContent } : {}),
    ...(request.attachments?.length ? { attachments: request.attachments } : {}),
  };
}

export interface StartingState {
  state: 'queued' | 'held' | 'failed';
  reason: string | null;
  nextAttemptAt: number | null;
}

/** Where a new delivery starts: due now (or at its not-before time), held until the rule lifts, or failed. */
export type StartDecision = { kind: 'send' } | { kind: 'hold'; reason: string; until: number } | { kind: 'refuse'; reason: string };

export function startingState(outcome: StartDecision, now: number, notBefore: number | null): StartingState {
  if (outcome.kind === 'refuse') return { state: 'failed', reason: outcome.reason, nextAttemptAt: null };
  if (outcome.kind === 'hold') return { state: 'held', reason: outcome.reason, nextAttemptAt: Math.max(outcome.until, notBefore ?? 0) };
  return { state: 'queued', reason: null, nextAttemptAt: Math.max(now, notBefore ?? now) };
}

export interface OutboundRow {
  conversationId: number;
  patientId: number | null;
  channel: Channel;
  address: string;
  rendered: RenderedContent;
  purpose: Purpose;
  emergency: boolean;
  holdExempt: boolean;
  renderContext: RenderContext;
  start: StartingState;
  provider: string;
  now: number;
}

/** The message row queueing writes for a request (one shape for the single and the bulk insert). */
function outboundMessage(request: QueueRequest, row: OutboundRow): NewMessage {
  const { rendered } = row;
  return {
    conversationId: row.conversationId,
    patientId: row.patientId,
    direction: 'outbound',
    channel: row.channel,
    address: row.address,
    body: rendered.body,
    subject: rendered.subject,
    html: rendered.html,
    origin: request.origin,
    staffId: request.staffId ?? null,
    reminderRuleId: request.reminderRuleId ?? null,
    appointmentId: request.appointmentId ?? null,
    broadcastId: request.broadcastId ?? null,
    templateVersionId: rendered.templateVersionId,
    purpose: row.purpose,
    emergency: row.emergency,
    holdExempt: row.holdExempt ? 'answer' : null,
    dedupeKey: request.dedupeKey ?? null,
    providerMessageId: null,
    renderContext: row.renderContext as unknown as Record<string, unknown>,
    createdAt: row.now,
  };
}

/** Its first delivery. */
function outboundDelivery(row: OutboundRow, messageId: number): NewDelivery {
  return {
    messageId,
    channel: row.channel,
    address: row.address,
    provider: row.provider,
    state: row.start.state,
    reasonCode: row.start.reason,
    nextAttemptAt: row.start.nextAttemptAt,
    segments: row.rendered.segments,
    fallbackOfDeliveryId: null,
    now: row.now,
  };
}

/** Inserts the outbound message and its first delivery; the caller holds the transaction. */
export function insertOutbound(db: AppDb, request: QueueRequest, row: OutboundRow): { messageId: number; deliveryId: number } {
  const messageId = insertMessage(db, outboundMessage(request, row));
  const deliveryId = insertDelivery(db, outboundDelivery(row, messageId));
  return { messageId, deliveryId };
}

/**
 * Rows per multi-row INSERT in the bulk path: one statement per 50 rows instead of per row
 * (about a third of a bare insert's cost is per statement); 21 × 50 parameters stay far below
 * SQLite's limit of 32,766.
 */
const ROWS_PER_INSERT = 50;

const MESSAGE_COLUMNS = `conversation_id, patient_id, direction, channel, address, body, subject, html, origin, staff_id, reminder_rule_id,
  appointment_id, broadcast_id, template_version_id, purpose, emergency, hold_exempt, dedupe_key, provider_message_id, render_context, created_at`;
const DELIVERY_COLUMNS = 'message_id, channel, address, provider, state, reason_code, next_attempt_at, segments, fallback_of_delivery_id, created_at, updated_at, final_at';

/** The same values, in the same order, as insertMessage binds. */
function messageValues(m: NewMessage): unknown[] {
  return [
    m.conversationId, m.patientId, m.direction, m.channel, m.address, m.body, m.subject, m.html, m.origin, m.staffId, m.reminderRuleId,
    m.appointmentId, m.broadcastId, m.templateVersionId, m.purpose, m.emergency ? 1 : 0, m.holdExempt ?? null, m.dedupeKey, m.providerMessageId,
    m.renderContext === null ? null : JSON.stringify(m.renderContext), m.createdAt,
  ];
}

/** The same values, in the same order, as insertDelivery binds. */
function deliveryValues(d: NewDelivery): unknown[] {
  const final = d.state === 'failed' || d.state === 'cancelled';
  return [d.messageId, d.channel, d.address, d.provider, d.state, d.reasonCode, d.nextAttemptAt, d.segments, d.fallbackOfDeliveryId, d.now, d.now, final ? d.now : null];
}

/**
 * Inserts `values` (one array per row) into `table` with multi-row INSERTs and returns the new ids
 * in row order: rows of one statement get ascending ids in VALUES order.
 */
function insertRows(db: AppDb, table: 'messages' | 'deliveries', columns: string, values: unknown[][]): number[] {
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
    const chunk = values.slice(i, i + ROWS_PER_INSERT);
    const width = (chunk[0] as unknown[]).length;
    const rows = stmt(db, multiRowInsertSql(`${table} (${columns})`, width, chunk.length, ' returning id')).all(...chunk.flat()) as Array<{ id: number }>;
    ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

/**
 * insertOutbound for many rows at once, in order, with the same rows and ids as calling it for
 * each in turn (messages and deliveries get consecutive ids either way); the caller holds the
 * transaction.
 */
export function insertOutboundMany(db: AppDb, items: ReadonlyArray<{ request: QueueRequest; row: OutboundRow }>): Array<{ messageId: number; deliveryId: number }> {
  if (items.length === 0) return [];
  const messageIds = insertRows(db, 'messages', MESSAGE_COLUMNS, items.map(({ request, row }) => messageValues(outboundMessage(request, row))));
  const deliveryIds = insertRows(db, 'deliveries', DELIVERY_COLUMNS, items.map(({ row }, i) => deliveryValues(outboundDelivery(row, messageIds[i] as number))));
  return messageIds.map((messageId, i) => ({ messageId, deliveryId: deliveryIds[i] as number }));
}
