/**
 * Broadcasts: compose (draft), approve (a manager schedules it), pause/resume/cancel, and watch
 * progress. The audience is a filter resolved when the broadcast goes out, not when it is saved.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema, purposeSchema } from '../domain';
import { DELIVERY_STATE_VALUES } from './engine';
import { audienceFilterSchema, previewAudienceInputSchema, previewAudienceOutputSchema, savedAudienceSchema } from './broadcast-audience';
import { broadcastResultCalls } from './broadcast-results';

export { audienceFilterSchema, type AudienceFilter } from './broadcast-audience';

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
    input: previewAudienceInputSchema,
    output: previewAudienceOutputSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'Who the filter matches now and what the rules would do with each (the same planning as the send).',
  }),
  'broadcasts.recipients': defineCall({
    ...broadcastResultCalls.recipients,
    access: 'receptionist',
    mutates: false,
    summary: 'Every recipient of a broadcast with its state and the reason, searchable, one page.',
  }),
  'broadcasts.timeline': defineCall({
    ...broadcastResultCalls.timeline,
    access: 'receptionist',
    mutates: false,
    summary: 'A broadcast\u2019s deliveries over time (cumulative sent, delivered, failed).',
  }),
  'broadcasts.exportCsv': defineCall({
    ...broadcastResultCalls.exportCsv,
    access: 'manager',
    mutates: false,
    summary: 'Every recipient of a broadcast as CSV (state, channel, reason).',
  }),
  'broadcasts.listAudiences': defineCall({
    input: z.object({}).strict(),
    output: z.array(savedAudienceSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'Saved audiences, by name.',
  }),
  'broadcasts.saveAudience': defineCall({
    input: z.object({ name: z.string().trim().min(1, 'Name is required').max(100), audience: audienceFilterSchema }).strict(),
    output: savedAudienceSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Save an audience under a name (the same name replaces it).',
  }),
  'broadcasts.deleteAudience': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
    access: 'receptionist',
    mutates: true,
    summary: 'Delete a saved audience.',
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
