/**
 * The engine's public surface for queueing: what every producer (staff composer, reminder rules,
 * broadcasts, auto-replies, appointment notices) hands over. Queueing commits the message and
 * its deliveries in one transaction and returns; it never waits for a provider.
 */
import type { Channel, Purpose } from '../../shared/domain';
import type { BulkFacts } from './bulk-facts';

export type MessageOrigin = 'staff' | 'reminder' | 'broadcast' | 'auto_reply' | 'system' | 'appointment_event';

export interface QueueRequest {
  /** A patient (channel chosen by rules) or a bare address (unknown sender, test message). */
  to: { patientId: number } | { address: string; channel: Channel };
  /** Explicit channel (a manual reply); otherwise the patient's channel order filtered by the rules. */
  channel?: Channel;
  /** Only these channels may be chosen (e.g. those a broadcast's template has content for). */
  channels?: readonly Channel[];
  origin: MessageOrigin;
  purpose: Purpose;
  staffId?: number | null;
  /** Either a template (rendered per channel and language) or literal content. */
  templateId?: number;
  templateVersionId?: number;
  body?: string;
  subject?: string;
  /** Extra template variables, e.g. { appointment: {...} }. */
  variables?: Record<string, unknown>;
  appointmentId?: number | null;
  reminderRuleId?: number | null;
  broadcastId?: number | null;
  /** Stable key for rule 6 (no duplicates): `reminder:<rule>:<appt>:<rev>`, `broadcast:<id>:<patient>`. */
  dedupeKey?: string | null;
  /**
   * An automatic answer to the patient's own message (HELP, START, a confirmation thank-you):
   * not held by quiet hours or the daily cap (suppression and consent still apply).
   */
  answersPatient?: boolean;
  /** A manager's emergency broadcast may override quiet hours and the daily cap. */
  emergency?: boolean;
  /** Not before this instant (scheduled sends). */
  notBefore?: number | null;
  attachments?: Array<{ path: string; filename?: string }>;
}

export type QueueOutcome =
  | { status: 'queued'; messageId: number; deliveryId: number; channel: Channel; held: null | { reason: string; until: number | null } }
  | { status: 'refused'; reason: string; detail: string }
  | { status: 'duplicate'; messageId: number };

export interface MessageQueue {
  queue(request: QueueRequest): QueueOutcome;
}

export interface QueueBatchOptions {
  /** Inside each chunk's transaction, after its messages are written; throwing rolls the chunk back. */
  inSlice?: (from: number, outcomes: readonly QueueOutcome[]) => void;
  /** Requests per transaction (default 500): each one blocks the core thread while it runs. */
  maxPerSlice?: number;
  /** Leave the messages' search indexing to the catch-up after queueing (bulk-queue.ts RunOptions). */
  deferSearchIndex?: boolean;
  /**
   * The rules' facts for every patient of the requests, loaded by the caller just before this
   * call (in the same turn of the event loop): the first slice uses them instead of loading its
   * own (bulk-queue.ts RunOptions); later slices, after a turn of the loop, load fresh ones.
   */
  facts?: BulkFacts;
}
