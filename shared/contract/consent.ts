/**
 * Consent and preferences (DESIGN §2): the per channel × purpose state a patient is in, the
 * suppressions on their addresses, their preferences, and the append-only consent history.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { CHANNELS, channelSchema, idSchema, instantSchema, purposeSchema } from '../domain';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the form HH:MM');

/** Null: the clinic's quiet hours; a window of the patient's own; or none at all. */
export const quietHoursOverrideSchema = z
  .union([z.object({ start: hhmm, end: hhmm }).strict(), z.object({ none: z.literal(true) }).strict()])
  .nullable();
export type QuietHoursOverride = z.infer<typeof quietHoursOverrideSchema>;

export const consentSourceSchema = z.enum(['staff', 'sms_keyword', 'email_unsubscribe', 'import', 'patient']);
export type ConsentSource = z.infer<typeof consentSourceSchema>;

export const consentCellSchema = z.object({
  channel: channelSchema,
  purpose: purposeSchema,
  /** The latest recorded event, or `default` when none was ever recorded. */
  state: z.enum(['opted_in', 'opted_out', 'default']),
  source: consentSourceSchema.nullable(),
  at: instantSchema.nullable(),
});
export type ConsentCell = z.infer<typeof consentCellSchema>;

export const suppressionViewSchema = z.object({
  id: idSchema,
  channel: channelSchema,
  address: z.string(),
  reason: z.enum(['stop_keyword', 'hard_bounce', 'complaint', 'invalid_number', 'staff', 'provider_opt_out']),
  detail: z.string().nullable(),
  at: instantSchema,
  /** STOP (or the carrier's opt-out): only the patient can lift it, by texting START. */
  patientMustOptIn: z.boolean(),
});
export type SuppressionView = z.infer<typeof suppressionViewSchema>;

export const preferencesViewSchema = z.object({
  channelOrder: z.array(channelSchema),
  /** The patient's language (the one templates render in). */
  language: z.string(),
  quietHoursOverride: quietHoursOverrideSchema,
});
export type PreferencesView = z.infer<typeof preferencesViewSchema>;

export const consentHistoryEntrySchema = z.object({
  id: idSchema,
  channel: channelSchema,
  purpose: purposeSchema,
  status: z.enum(['opted_in', 'opted_out']),
  source: consentSourceSchema,
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  at: instantSchema,
});
export type ConsentHistoryEntry = z.infer<typeof consentHistoryEntrySchema>;

export const consentViewSchema = z.object({
  patientId: idSchema,
  cells: z.array(consentCellSchema),
  suppressions: z.array(suppressionViewSchema),
  preferences: preferencesViewSchema,
  /** Newest first. */
  history: z.array(consentHistoryEntrySchema),
});
export type ConsentView = z.infer<typeof consentViewSchema>;

const channelOrderSchema = z
  .array(channelSchema)
  .min(1, 'Keep at least one channel')
  .max(CHANNELS.length)
  .refine((order) => new Set(order).size === order.length, 'Each channel at most once');

export const consentCalls = {
  'consent.get': defineCall({
    input: z.object({ patientId: idSchema }).strict(),
    output: consentViewSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'A patient’s consent per channel and purpose, suppressions, preferences and consent history.',
  }),
  'consent.set': defineCall({
    input: z
      .object({
        patientId: idSchema,
        channel: channelSchema,
        purpose: purposeSchema,
        status: z.enum(['opted_in', 'opted_out']),
        note: z.string().trim().max(500).optional(),
      })
      .strict(),
    output: consentViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Record a consent change made by staff (appended to the history).',
  }),
  'preferences.update': defineCall({
    input: z
      .object({
        patientId: idSchema,
        channelOrder: channelOrderSchema.optional(),
        language: z.string().trim().min(2).max(10).optional(),
        quietHoursOverride: quietHoursOverrideSchema.optional(),
      })
      .strict(),
    output: consentViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Change a patient’s channel order, language or quiet-hours override.',
  }),
};
