/**
 * One interface for every provider (sandbox, Twilio, SMTP). A provider only talks to the outside
 * world; the rules, persistence, pacing and retries live in the engine.
 */
import type { Channel } from '../../shared/domain';

export type ProviderName = 'sandbox' | 'twilio' | 'smtp';

export interface OutgoingMessage {
  deliveryId: number;
  channel: Channel;
  /** E.164 or lower-cased email (no `whatsapp:` prefix; the Twilio provider adds it). */
  to: string;
  body: string;
  subject?: string | null;
  html?: string | null;
  /** WhatsApp outside the 24 h window: an approved content template. */
  whatsappContent?: { contentSid: string; variables: Record<string, string> } | null;
  attachments?: Array<{ path: string; filename?: string }>;
  /** Email only: the one-click unsubscribe targets for this recipient. */
  unsubscribe?: { url: string | null; mailto: string | null } | null;
}

export interface Accepted {
  providerId: string;
  /** The provider's status word (`queued`, `sent`, `accepted`, ...). */
  providerStatus: string;
  sender: string | null;
  segments: number | null;
  price: number | null;
  priceUnit: string | null;
  /**
   * A final state when the provider gives no later status (SMTP: accepted by the relay is
   * `sent` for good; sandbox: `delivered`); null when the status is polled later.
   */
  finalState: 'sent' | 'delivered' | null;
}

export interface StatusAnswer {
  providerStatus: string;
  /** Our state for it: still `sent`, or a final one. */
  state: 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed';
  errorCode: string | null;
  errorText: string | null;
  price: number | null;
  priceUnit: string | null;
  segments: number | null;
}

/**
 * How a failure is treated:
 * - `network`: the provider could not be reached; the engine goes offline and burns no attempt.
 * - `transient`: retry with backoff (429, 5xx, 30003, SMTP 4xx).
 * - `permanent`: give up on this channel, update the contact point/suppression, fall back.
 * - `auth`: the provider rejected the credentials (401/403): pause the provider, burn no attempt.
 * `ambiguous` marks failures after which the provider may have accepted the message (a reset
 * connection or timeout after the request was sent): reconcile before sending again.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'network' | 'transient' | 'permanent' | 'auth',
    readonly code: string | null,
    message: string,
    readonly options: { ambiguous?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/**
 * Exactly what one attempt sent (stored in delivery_attempts before the call), for reconciliation:
 * the provider's record is compared with this, never with a re-render.
 */
export interface SentAttempt {
  channel: Channel;
  /** E.164 or email, as in OutgoingMessage.to. */
  to: string;
  /** The sender used (From number with any channel prefix), null when unknown. */
  sender: string | null;
  /** Null when not known (an attempt made before attempts were stored). */
  body: string | null;
  contentSid: string | null;
  startedAt: number;
}

export interface Provider {
  readonly name: ProviderName;
  /** Sends one message; resolves when the provider accepted it, rejects with ProviderError. */
  send(message: OutgoingMessage): Promise<Accepted>;
  /** Current status of an accepted message (status polling); absent when there is none. */
  fetchStatus?(providerId: string, channel: Channel): Promise<StatusAnswer>;
  /**
   * After a crash or an ambiguous answer: the provider's record of this attempt if it accepted
   * it, else null (which may also mean "not listed yet": the engine asks again over a grace
   * window). `excludeIds` are ids other deliveries or earlier attempts already own. Absent means
   * the provider cannot tell, and the engine sends again (at-least-once).
   */
  findAccepted?(attempt: SentAttempt, excludeIds: ReadonlySet<string>): Promise<Accepted | null>;
  /** Resolves when the provider answers again (used while offline); rejects otherwise. */
  probe(): Promise<void>;
  /**
   * Calls the provider takes beyond the engine's concurrency and holds itself, starting each the
   * moment one of its own calls ends (the threaded provider: no round trip to the engine's thread
   * between two requests). The engine still has every such row committed `sending` first. Absent: 0.
   */
  readonly queuesAhead?: number;
  /** The sender (From number, relay) a channel uses, for per-sender pacing. */
  senderFor(channel: Channel): string;
  close(): Promise<void>;
}
