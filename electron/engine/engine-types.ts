/** Types of the engine's public surface (see index.ts). */
import type { Channel } from '../../shared/domain';
import type { DeliveryView, EngineStatus } from '../../shared/contract/engine';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import type { SecretStore, SettingsStore } from '../foundation/ports';
import type { EventBus } from '../foundation/event-bus';
import type { AppDb } from '../db/database';
import type { ClinicSettings } from '../../shared/domain';
import type { Provider } from '../providers/provider-types';
import type { DispatcherOptions, FaultStage } from './dispatcher-config';
import type { MessageQueue, QueueBatchOptions, QueueOutcome, QueueRequest } from './queue-types';

export type { DeliveryView, EngineStatus };

export interface InboundMessage {
  messageId: number;
  conversationId: number;
  /** The patient who owns the address, or null for an unknown sender. */
  patientId: number | null;
  /** Every patient sharing this address (a parent's phone for the children). */
  patientIds: number[];
  channel: Channel;
  address: string;
  body: string;
  receivedAt: number;
  providerMessageId: string | null;
}

/**
 * Runs inside the transaction that stores the inbound message (synchronously, database work
 * only); returns what to do once it has committed (notifications). Throwing rolls both back.
 */
export type InboundActor = (message: InboundMessage) => (() => void) | void;

/** Called after an inbound message is committed. Errors are logged, never lost silently. */
export type InboundHandler = (message: InboundMessage) => void | Promise<void>;

export interface ReceiveInboundInput {
  channel: Channel;
  /** E.164 (no `whatsapp:` prefix) or a lower-cased email address. */
  address: string;
  body: string;
  subject?: string | null;
  /** Provider id (Twilio sid, email Message-ID): a second receive of the same id is ignored. */
  providerMessageId?: string | null;
  receivedAt?: number;
}

export type CancelTarget = { appointmentId: number } | { channel: Channel; address: string } | { messageId: number };
export type HoldTarget = { messageId: number } | { broadcastId: number };

export interface EngineDeps {
  db: AppDb;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsStore;
  secrets: SecretStore;
  clinic: () => ClinicSettings;
  /**
   * Providers by name. When omitted the engine builds them from the provider settings
   * (sandbox by default; Twilio and SMTP when configured).
   */
  providers?: Partial<Record<'sandbox' | 'twilio' | 'smtp', Provider>>;
  dispatcher?: Partial<DispatcherOptions>;
  /** Random source for backoff jitter (tests pass a seeded one). */
  random?: () => number;
  /** Fault-injection tests and the crash harness only: may throw (or kill the process) at a stage. */
  faultHook?: (stage: FaultStage, deliveryId: number) => void;
}

export interface Engine extends MessageQueue {
  queue(request: QueueRequest): QueueOutcome;
  /**
   * Many sends at once (broadcasts, reminder runs): chunked transactions (≤ 500 each) with a turn
   * of the event loop between chunks. Outcomes are in request order; a request that cannot be
   * rendered comes back `refused` instead of throwing. `inSlice` runs inside each chunk's
   * transaction with its outcomes (from: the index of its first request), so a caller's own rows
   * about them commit with them or not at all.
   */
  queueBatch(requests: QueueRequest[], options?: QueueBatchOptions): Promise<QueueOutcome[]>;
  cancelQueuedFor(target: CancelTarget, reason?: 'cancelled' | 'opted_out' | 'appointment_changed'): number;
  /** Deliveries no provider has yet wait (held with `reason`, no due time) until released. */
  holdQueuedFor(target: HoldTarget, reason: 'broadcast_paused'): number;
  /** Held deliveries (of these reasons, or any) are due now again; every rule is re-checked. */
  releaseHeldFor(target: HoldTarget, reasons?: string[]): number;
  status(): EngineStatus;
  deliveryStatus(query: { messageId: number } | { deliveryId: number } | { dedupeKey: string }): DeliveryView[];
  deliveriesForConversation(conversationId: number, limit?: number): DeliveryView[];
  onInbound(handler: InboundHandler): () => void;
  /** Acts on an inbound message in the transaction that stores it (see InboundActor). */
  actOnInbound(actor: InboundActor): () => void;
  receiveInbound(input: ReceiveInboundInput): InboundMessage | null;
  /** Reconciles rows left in `sending`, then starts the dispatcher loop. */
  start(): Promise<void>;
  /** Stops picking new work, waits for in-flight provider calls, closes provider pools. */
  stop(): Promise<void>;
  /** One dispatcher pass on the injected clock (tests and benchmarks): sends what is due and waits. */
  runOnce(): Promise<number>;
}
