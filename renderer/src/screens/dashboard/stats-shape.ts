/**
 * The statistics call the dashboard needs and the engine does not offer yet. Proposed for
 * shared/contract (engine or a new dashboard module):
 *
 *   'dashboard.stats': defineCall({ input: dashboardStatsInputSchema, output: dashboardStatsSchema,
 *     access: 'receptionist', mutates: false, summary: 'Sends, deliveries, failures, confirmations,
 *     opt-outs and cost over a period, per channel and per time bucket.' })
 *
 * Until it exists the dashboard says so and still shows queue health from `engine.status`.
 * The answer is validated against this schema at run time.
 */
import { z } from 'zod';
import { channelSchema, instantSchema } from '../../../../shared/domain';

export const dashboardStatsInputSchema = z
  .object({
    /** Inclusive start and exclusive end of the period. */
    from: instantSchema,
    to: instantSchema,
    /** Bucket size of the series; buckets start on clinic-local hour/day boundaries. */
    bucket: z.enum(['hour', 'day']),
  })
  .strict();
export type DashboardStatsInput = z.infer<typeof dashboardStatsInputSchema>;

const counts = {
  /** Outbound deliveries handed to a provider in the bucket (state reached `sent` or later). */
  sent: z.number().int(),
  delivered: z.number().int(),
  /** failed + undelivered. */
  failed: z.number().int(),
  /** Deliveries that entered `held` in the bucket. */
  held: z.number().int(),
};

export const dashboardStatsSchema = z.object({
  /** Every bucket of the period for every channel, zeros included, oldest first. */
  series: z.array(z.object({ start: instantSchema, channel: channelSchema, ...counts })),
  byChannel: z.array(
    z.object({
      channel: channelSchema,
      ...counts,
      /** SMS segments billed (null for channels without segments). */
      segments: z.number().int().nullable(),
      /** Provider-reported price total, when known, in `costUnit` (e.g. USD). */
      cost: z.number().nullable(),
      costUnit: z.string().nullable(),
    }),
  ),
  confirmations: z.object({
    /** Appointments in the period that got at least one reminder. */
    reminded: z.number().int(),
    /** Of those, confirmed (by reply or by staff). */
    confirmed: z.number().int(),
  }),
  /** Opt-outs recorded in the period (keyword STOP, staff, provider 21610, unsubscribe link). */
  optOuts: z.array(z.object({ channel: channelSchema, count: z.number().int() })),
  /** Failure reasons in the period, most frequent first (reason codes of shared/contract/engine.ts). */
  topFailureReasons: z.array(z.object({ reasonCode: z.string(), count: z.number().int() })),
});
export type DashboardStats = z.infer<typeof dashboardStatsSchema>;
