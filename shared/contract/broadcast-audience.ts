/**
 * A broadcast's audience (the filter, saved audiences) and what the rules will do with it: the
 * preview the composer shows is computed by the same planning function the sender queues with.
 */
import { z } from 'zod';
import { channelSchema, idSchema, instantSchema, isoDateSchema, purposeSchema } from '../domain';
import { REASON_TEXT } from './engine';

/** Appointment day range in the clinic's time zone. */
export const appointmentRangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('today') }).strict(),
  z.object({ kind: z.literal('tomorrow') }).strict(),
  z.object({ kind: z.literal('date'), date: isoDateSchema }).strict(),
  /** Today and the N-1 days after it. */
  z.object({ kind: z.literal('nextDays'), days: z.number().int().min(1).max(366) }).strict(),
]);
export type AppointmentRange = z.infer<typeof appointmentRangeSchema>;

export const appointmentFilterSchema = z
  .object({
    range: appointmentRangeSchema,
    /** booked: any live booking (booked or confirmed); confirmed; unconfirmed: booked, not confirmed yet. */
    status: z.enum(['booked', 'confirmed', 'unconfirmed']).optional(),
    clinician: z.string().trim().min(1).max(100).optional(),
    location: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type AppointmentFilter = z.infer<typeof appointmentFilterSchema>;

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
    /** Has an appointment in this day range (with this status, clinician, location). */
    appointments: appointmentFilterSchema.optional(),
    language: z.string().trim().min(2).max(10).optional(),
    /** Exactly these patients (a hand-picked list). */
    patientIds: z.array(idSchema).max(100_000).optional(),
  })
  .strict();
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;

/** Reasons a broadcast leaves a patient out or holds them, beyond the engine's own rule codes. */
export const BROADCAST_REASON_TEXT = {
  ...REASON_TEXT,
  no_template_content: 'The template has no text for any channel this patient can be reached on',
  content_error: 'The message could not be written for this patient (a template variable is missing)',
  broadcast_cancelled: 'The broadcast was cancelled before this patient was reached',
  queue_error: 'The message could not be queued',
} as const;

/** Plain words for a reason code (an unknown code is shown as itself, never as a provider refusal). */
export function broadcastReasonText(code: string | null): string | null {
  if (code === null) return null;
  return code in BROADCAST_REASON_TEXT ? BROADCAST_REASON_TEXT[code as keyof typeof BROADCAST_REASON_TEXT] : code.replace(/_/g, ' ');
}

/** What a broadcast sends: a template (version) or typed text. */
export const broadcastContentSchema = z
  .object({
    templateId: idSchema.optional(),
    templateVersionId: idSchema.optional(),
    body: z.string().trim().min(1).max(5000).optional(),
    subject: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const plannedOutcomeSchema = z.enum(['send', 'hold', 'exclude']);

export const recipientLineSchema = z.object({
  patientId: idSchema,
  name: z.string(),
  outcome: plannedOutcomeSchema,
  channel: channelSchema.nullable(),
  reason: z.string().nullable(),
  reasonText: z.string().nullable(),
});
export type RecipientLine = z.infer<typeof recipientLineSchema>;

export const channelPreviewSchema = z.object({
  channel: channelSchema,
  /** Sent at once plus held (they go out when the hold ends). */
  count: z.number().int(),
  /** The message rendered for a real recipient on this channel. */
  sample: z
    .object({
      patientName: z.string(),
      subject: z.string().nullable(),
      body: z.string(),
      segments: z.number().int(),
      encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
    })
    .nullable(),
  /** Null when the message could not be rendered (the reason is in sampleError). */
  sampleError: z.string().nullable(),
  provider: z.string(),
  sandbox: z.boolean(),
  /** Per segment (SMS) or per message, in USD; null when no price is known for this provider. */
  unitPrice: z.number().nullable(),
  estimatedCost: z.number().nullable(),
});
export type ChannelPreview = z.infer<typeof channelPreviewSchema>;

export const previewAudienceInputSchema = z
  .object({
    audience: audienceFilterSchema,
    /** With these, the preview also says who would get it on which channel and who is left out. */
    channel: channelSchema.optional(),
    purpose: purposeSchema.optional(),
    emergency: z.boolean().optional(),
    /** What will be sent: channels it has no content for are never counted. Omitted: any channel. */
    content: broadcastContentSchema.optional(),
    /** The recipient list: names containing this, this outcome only, one page. */
    search: z.string().trim().max(100).optional(),
    outcome: plannedOutcomeSchema.optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

export const previewAudienceOutputSchema = z.object({
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
  /** One page of the recipient list (names), with the rule that holds or excludes each. */
  recipients: z.object({ total: z.number().int(), items: z.array(recipientLineSchema) }).optional(),
  /** Per channel that will be used: the rendered message, segments, encoding and estimated cost. */
  channels: z.array(channelPreviewSchema).optional(),
});
export type AudiencePreview = z.infer<typeof previewAudienceOutputSchema>;

export const savedAudienceSchema = z.object({
  id: idSchema,
  name: z.string(),
  audience: audienceFilterSchema,
  createdBy: idSchema.nullable(),
  createdAt: instantSchema,
});
export type SavedAudience = z.infer<typeof savedAudienceSchema>;
