/** What a broadcast did: every recipient with state and reason, deliveries over time, a CSV of it. */
import { z } from 'zod';
import { channelSchema, idSchema, instantSchema } from '../domain';
import { DELIVERY_STATE_VALUES } from './engine';

export const recipientResultStateSchema = z.enum(['pending', 'excluded', ...DELIVERY_STATE_VALUES]);
export type RecipientResultState = z.infer<typeof recipientResultStateSchema>;

export const recipientResultSchema = z.object({
  patientId: idSchema,
  name: z.string(),
  /** pending (not yet queued), excluded (by a rule, never sent), or its latest delivery's state. */
  state: recipientResultStateSchema,
  channel: channelSchema.nullable(),
  address: z.string().nullable(),
  reason: z.string().nullable(),
  reasonText: z.string().nullable(),
  /** The provider's error, only for a delivery a provider actually answered. */
  errorCode: z.string().nullable(),
  updatedAt: instantSchema.nullable(),
});
export type RecipientResult = z.infer<typeof recipientResultSchema>;

export const timelinePointSchema = z.object({
  at: instantSchema,
  /** Cumulative counts up to `at`. */
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

export const broadcastResultCalls = {
  recipients: {
    input: z
      .object({
        id: idSchema,
        search: z.string().trim().max(100).optional(),
        state: recipientResultStateSchema.optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: z.object({ total: z.number().int(), items: z.array(recipientResultSchema) }),
  },
  timeline: {
    input: z.object({ id: idSchema, buckets: z.number().int().min(2).max(200).optional() }).strict(),
    output: z.array(timelinePointSchema),
  },
  exportCsv: {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string() }),
  },
};
