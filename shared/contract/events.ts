/** Push events main sends to the renderer, each with its payload schema. */
import { z } from 'zod';
import { updateStatusSchema } from './updates';

export const events = {
  'auth.changed': z.object({ reason: z.enum(['signed_in', 'signed_out', 'locked', 'unlocked']) }),
  'patients.changed': z.object({ patientId: z.number().int() }),
  'conversation.updated': z.object({ conversationId: z.number().int(), unreadTotal: z.number().int() }),
  'appointments.changed': z.object({ appointmentId: z.number().int(), patientId: z.number().int() }),
  /** A running import: reading the file, checking rows, or writing them. */
  'import.progress': z.object({
    jobId: z.string(),
    phase: z.enum(['reading', 'checking', 'applying']),
    done: z.number().int(),
    total: z.number().int(),
  }),
  /** An import was applied (by staff or from the watched folder), or a watched file failed. */
  'import.finished': z.object({
    jobId: z.string(),
    source: z.string(),
    trigger: z.enum(['staff', 'watched_folder']),
    ok: z.boolean(),
    message: z.string(),
  }),
  /** Delivery engine: online/offline and how many are waiting (see shared/contract/engine.ts). */
  /**
   * The core's worker thread: starting, running, restarting after it stopped unexpectedly (queued
   * work is safe in the outbox), or stopped.
   */
  'core.status': z.object({
    state: z.enum(['starting', 'ready', 'restarting', 'stopped']),
    restarts: z.number().int(),
    message: z.string(),
  }),
  'engine.status': z.object({ online: z.boolean(), waiting: z.number().int(), summary: z.string() }),
  'delivery.updated': z.object({
    deliveryId: z.number().int(),
    messageId: z.number().int(),
    conversationId: z.number().int(),
    state: z.string(),
    reasonCode: z.string().nullable(),
  }),
  'message.created': z.object({
    messageId: z.number().int(),
    conversationId: z.number().int(),
    direction: z.enum(['inbound', 'outbound']),
  }),
  /**
   * A broadcast's progress: recipients queued, excluded by the rules, still pending; the latest
   * delivery state of its messages (byState) and exclusions per reason code (excludedBy).
   */
  'broadcast.progress': z.object({
    broadcastId: z.number().int(),
    status: z.enum(['draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled']),
    total: z.number().int(),
    queued: z.number().int(),
    excluded: z.number().int(),
    pending: z.number().int(),
    byState: z.record(z.string(), z.number().int()),
    excludedBy: z.record(z.string(), z.number().int()),
  }),
  /** The app update's progress; `downloaded` is when the renderer offers "Restart to update". */
  'updates.changed': updateStatusSchema,
};

export type EventName = keyof typeof events;

/**
 * The only events a locked (or signed-out) connection still receives: they name no patient,
 * conversation or message. Every other event waits until the staff member unlocks (and the
 * screens then load afresh).
 */
export const eventsWhileLocked = ['auth.changed', 'engine.status', 'core.status'] as const satisfies readonly EventName[];
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
