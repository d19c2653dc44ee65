/**
 * The rows queueing writes for one request, whether it comes alone or in a bulk slice: what the
 * message keeps so a fallback channel can render its own content, the delivery's starting state
 * from the rules' decision, and the message and delivery inserts. One shape for both paths, so a
 * broadcast recipient and a single send can never be stored differently.
 */
import type { Channel, Purpose } from '../../shared/domain';
import type { AppDb } from '../db/database';
import { insertDelivery, insertMessage } from './engine-repo';
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

/** Inserts the outbound message and its first delivery; the caller holds the transaction. */
export function insertOutbound(db: AppDb, request: QueueRequest, row: OutboundRow): { messageId: number; deliveryId: number } {
  const { rendered, start, now } = row;
  const messageId = insertMessage(db, {
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
    createdAt: now,
  });
  const deliveryId = insertDelivery(db, {
    messageId,
    channel: row.channel,
    address: row.address,
    provider: row.provider,
    state: start.state,
    reasonCode: start.reason,
    nextAttemptAt: start.nextAttemptAt,
    segments: rendered.segments,
    fallbackOfDeliveryId: null,
    now,
  });
  return { messageId, deliveryId };
}
