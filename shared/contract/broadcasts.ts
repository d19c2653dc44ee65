/**
 * Broadcasts: compose (draft), approve (a manager schedules it), pause/resume/cancel, and watch
 * progress. The audience is a filter resolved when the broadcast goes out, not when it is saved.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema, purposeSchema } from '../domain';
import { DELIVERY_STATE_VALUES } from './engine';

export const audienceFilterSchema = z
  .object({
    /** Any of these tags. */
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    minAge: z.number().int().min(0).max(130).optional(),
    maxAge: z.number().int().min(0).max(130).optional(),
    /** Last visit before / after these instants. */
    lastVisitBefore: instantSchema.optional(),
    lastVisitAfter: instantSchema.optional(),
    /** Has an upcoming booked or confirmed appointment with this clinician. */
    upcomingWithClinician: z.string().trim().min(1).max(100).optional(),
    language: z.string().trim().min(2).max(10).optional(),
    /** Exactly these patients (a hand-picked list). */
    patientIds: z.array(idSchema).max(100_000).optional(),
  })
  .strict();
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;

export const channelPolicySchema = z
  .object({
    /** One channel for everyone; otherwise each patient's channel order (filtered by the rules). */
    channel: channelSchema.optional(),
    /** Literal content when no template is used. */
    body: z.string().trim().min(1).max(5000).optional(),
    subject: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ChannelPolicy = z.infer<typeof channelPolicySchema>;

/**
 * Progress by delivery state: for each recipient queued to the engine, the state of its message's
 * latest delivery (a fallback delivery replaces the first); and recipients excluded, per reason code.
 */
export const broadcastProgressCountsSchema = z.object({
  total: z.number().int(),
  /** Recipients handed to the engine (whatever their delivery state now). */
  queued: z.number().int(),
  excluded: z.number().int(),
  /** Recipients not yet handed to the engine. */
  pending: z.number().int(),
  byState: z.record(z.enum(DELIVERY_STATE_VALUES), z.number().int()),
  excludedBy: z.record(z.string(), z.number().int()),
  /** Messages queued: one per address (a family sharing a phone gets one). */
  addresses: z.number().int(),
  /** Patients those messages cover (the queued recipients). */
  patientsCovered: z.number().int(),
});
export type BroadcastProgressCounts = z.infer<typeof broadcastProgressCountsSchema>;

export const broadcastStatusSchema = z.enum(['draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled']);

export const broadcastViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  templateId: idSchema.nullable(),
  templateVersionId: idSchema.nullable(),
  audience: audienceFilterSchema,
  channelPolicy: channelPolicySchema,
  purpose: purposeSchema,
  emergency: z.boolean(),
  scheduledAt: instantSchema.nullable(),
  windowEndsAt: instantSchema.nullable(),
  status: broadcastStatusSchema,
  createdBy: idSchema.nullable(),
  approvedBy: idSchema.nullable(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  startedAt: instantSchema.nullable(),
  completedAt: instantSchema.nullable(),
  counts: broadcastProgressCountsSchema,
});
export type BroadcastView = z.infer<typeof broadcastViewSchema>;

const draftFields = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  templateId: idSchema.nullable().optional(),
  templateVersionId: idSchema.nullable().optional(),
  audience: audienceFilterSchema,
  channelPolicy: channelPolicySchema.optional(),
  purpose: purposeSchema.optional(),
});

export const broadcastCalls = {
  'broadcasts.list': defineCall({
    input: z.object({ status: broadcastStatusSchema.optional() }).strict(),
    output: z.array(broadcastViewSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'Broadcasts, newest first, with their counts.',
  }),
  'broadcasts.get': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: broadcastViewSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'One broadcast with its counts.',
  }),
  'broadcasts.previewAudience': defineCall({
    input: z
      .object({
        audience: audienceFilterSchema,
        /** With these, the preview also says who would get it on which channel and who is left out. */
        channel: channelSchema.optional(),
        purpose: purposeSchema.optional(),
        emergency: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      count: z.number().int(),
      /** Messages it takes: one per address, so a family sharing a phone counts once (absent above the preview limit). */
      addresses: z.number().int().optional(),
      /**
       * Null for audiences above the preview limit (the count stands; rules still apply at send time).
       * byChannel: sent at once, per channel; held: queued but held (quiet hours, daily cap), per
       * reason; excluded: not sent at all, per reason code. The three add up to count.
       */
      breakdown: z
        .object({
          byChannel: z.partialRecord(channelSchema, z.number().int()),
          held: z.array(z.object({ reason: z.string(), count: z.number().int() })),
          excluded: z.array(z.object({ reason: z.string(), count: z.number().int() })),
        })
        .nullable()
        .optional(),
    }),
    access: 'receptionist',
    mutates: false,
    summary: 'How many patients the filter matches now (resolved again at send time).',
  }),
  'broadcasts.createDraft': defineCall({
    input: draftFields.strict(),
    output: broadcastViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Save a broadcast as a draft.',
  }),
  'broadcasts.updateDraft': defineCall({
    input: draftFields.partial().extend({ id: idSchema }).strict(),
    output: broadcastViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Edit a draft broadcast.',
  }),
  'broadcasts.approve': defineCall({
    input: z
      .object({
        id: idSchema,
        /** When to send; omitted: now. */
        scheduledAt: instantSchema.optional(),
        /** Missed while the app was closed, it still goes out until then (default 12 hours later). */
        windowEndsAt: instantSchema.optional(),
        /** Overrides quiet hours and the daily cap (managers only, for real emergencies). */
        emergency: z.boolean().optional(),
      })
      .strict(),
    output: broadcastViewSchema,
    access: 'manager',
    mutates: true,
    summary: 'Approve and schedule a draft broadcast.',
  }),
  'broadcasts.pause': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: broadcastViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Pause a scheduled or sending broadcast.',
  }),
  'broadcasts.resume': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: broadcastViewSchema,
    access: 'manager',
    mutates: true,
    summary: 'Resume a paused broadcast.',
  }),
  'broadcasts.cancel': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: broadcastViewSchema,
    access: 'manager',
    mutates: true,
    summary: 'Cancel a broadcast; recipients not yet queued get nothing.',
  }),
};
