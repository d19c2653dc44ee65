/**
 * The delivery engine's public surface. Everything else in the app (staff composer, reminder
 * scheduler, broadcasts, inbound polling, IPC handlers) talks to the engine only through the
 * `Engine` object made by `createEngine(deps)`.
 *
 * - `queue(request)` commits the message, its conversation and its delivery in one transaction
 *   and returns; it never waits for a provider (see queue-types.ts for the request).
 * - `cancelQueuedFor(...)` cancels every not-yet-sent delivery for an appointment or an address
 *   (STOP must stop queued items at once); returns how many were cancelled.
 * - `status()` is what staff see: online/offline, how many are waiting, per-sender backlog + ETA.
 * - `deliveryStatus(...)` lets a producer poll the outcome of what it queued.
 * - `onInbound(handler)` registers the keyword/auto-reply hook: every inbound message the engine
 *   records (sandbox replies today, Twilio/IMAP polling through `receiveInbound`) is passed to
 *   each handler after it is committed.
 * - `receiveInbound(...)` records an inbound message (conversation upsert, unread + 1, WhatsApp
 *   24 h window) and runs the hooks; inbound pollers should use it so all paths behave alike.
 */
export type { QueueRequest, QueueOutcome, MessageQueue, MessageOrigin } from './queue-types';
export type {
  Engine,
  EngineDeps,
  EngineStatus,
  InboundMessage,
  InboundHandler,
  ReceiveInboundInput,
  CancelTarget,
  DeliveryView,
} from './engine-types';
export { createEngine } from './create-engine';
