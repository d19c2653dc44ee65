/** Push events main sends to the renderer, each with its payload schema. */
import { z } from 'zod';

export const events = {
  'auth.changed': z.object({ reason: z.enum(['signed_in', 'signed_out', 'locked', 'unlocked']) }),
  'patients.changed': z.object({ patientId: z.number().int() }),
  'conversation.updated': z.object({ conversationId: z.number().int(), unreadTotal: z.number().int() }),
  'appointments.changed': z.object({ appointmentId: z.number().int(), patientId: z.number().int() }),
  /** Delivery engine: online/offline and how many are waiting (see shared/contract/engine.ts). */
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
};

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
