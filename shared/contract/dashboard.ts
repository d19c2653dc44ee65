import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, instantSchema } from '../domain';

export const dashboardStatsInputSchema = z
  .object({
    /** Inclusive start and exclusive end of the period. */
    from: instantSchema,
    to: instantSchema,
    /** Bucket size of the series; buckets start on clinic-local hour/day boundaries. */
    bucket: z.enum(['hour', 'day']),
  })
  .strict()
  .refine((v) => v.to > v.from, { message: 'The period must end after it starts', path: ['to'] })
  .refine((v) => (v.to - v.from) / (v.bucket === 'hour' ? 3_600_000 : 86_400_000) <= 400, {
    message: 'At most 400 buckets: choose day buckets or a shorter period',
    path: ['bucket'],
  });
export type DashboardStatsInput = z.infer<typeof dashboardStatsInputSchema>;

const counts = {
  /** Outbound deliveries handed to a provider in the bucket (state reached `sent` or later). */
  sent: z.number().int(),
  delivered: z.number().int(),
  /** failed + undelivered. */
  failed: z.number().int(),
  /** Deliveries created in the bucket that are held now (quiet hours, daily cap, offline). */
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
  /** Providers that handed messages over in the period (e.g. ['sandbox']: nothing was charged). */
  providers: z.array(z.string()),
  /** Failure reasons in the period, most frequent first (reason codes of shared/contract/engine.ts). */
  topFailureReasons: z.array(z.object({ reasonCode: z.string(), count: z.number().int() })),
});
export type DashboardStats = z.infer<typeof dashboardStatsSchema>;

export const dashboardCalls = {
  'dashboard.stats': defineCall({
    input: dashboardStatsInputSchema,
    output: dashboardStatsSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'Sends, deliveries, failures, confirmations, opt-outs and cost over a period, per channel and per time bucket.',
  }),
};
