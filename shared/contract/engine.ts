/**
 * Delivery engine calls: sending, engine status, deliveries with reason codes, provider
 * settings (write-only secrets), the sandbox phone/mailbox. Also the reason-code list the UI
 * shows for every hold, refusal and failure.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { MESSAGE_BODY_MAX } from '../compose';
import { channelSchema, DELIVERY_STATES, idSchema, instantSchema, purposeSchema } from '../domain';
import { REASON_TEXT, type ReasonCode } from '../reason-text';

export { REASON_TEXT, type ReasonCode };
export const REASON_CODES = Object.keys(REASON_TEXT) as ReasonCode[];
export const reasonCodeSchema = z.enum(REASON_CODES as [ReasonCode, ...ReasonCode[]]);

export const DELIVERY_STATE_VALUES = DELIVERY_STATES;
export const deliveryStateSchema = z.enum(DELIVERY_STATE_VALUES);

export const deliveryViewSchema = z.object({
  id: idSchema,
  messageId: idSchema,
  conversationId: idSchema,
  channel: channelSchema,
  address: z.string(),
  provider: z.string(),
  state: deliveryStateSchema,
  reasonCode: z.string().nullable(),
  reasonText: z.string().nullable(),
  attemptCount: z.number().int(),
  nextAttemptAt: instantSchema.nullable(),
  providerId: z.string().nullable(),
  providerStatus: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorText: z.string().nullable(),
  price: z.number().nullable(),
  priceUnit: z.string().nullable(),
  segments: z.number().int().nullable(),
  fallbackOfDeliveryId: z.number().int().nullable(),
  createdAt: instantSchema,
  sentAt: instantSchema.nullable(),
  finalAt: instantSchema.nullable(),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

export const engineStatusSchema = z.object({
  online: z.boolean(),
  offlineProviders: z.array(z.string()),
  /** Providers paused because they rejected the credentials (401/403), until new ones are saved or a test is sent. */
  pausedProviders: z.array(z.object({ provider: z.string(), reason: z.literal('credentials_rejected') })).default([]),
  /** Deliveries queued or held and not yet sent. */
  waiting: z.number().int(),
  held: z.number().int(),
  sending: z.number().int(),
  /** A one-line summary such as "offline, 12 waiting". */
  summary: z.string(),
  senders: z.array(
    z.object({
      provider: z.string(),
      sender: z.string(),
      segmentsPerSecond: z.number().nullable(),
      backlogSegments: z.number().int(),
      /** Expected finish of this sender's due backlog at its rate; null when unlimited or idle. */
      etaAt: instantSchema.nullable(),
    }),
  ),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

const address = z.string().trim().min(3).max(320);

export const sendInputSchema = z
  .object({
    to: z.union([
      z.object({ patientId: idSchema }).strict(),
      z.object({ address, channel: channelSchema }).strict(),
    ]),
    channel: channelSchema.optional(),
    body: z.string().min(1).max(MESSAGE_BODY_MAX).optional(),
    subject: z.string().max(300).optional(),
    templateId: idSchema.optional(),
    purpose: purposeSchema.optional(),
    /** Managers only: overrides quiet hours and the daily cap. */
    emergency: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.body !== undefined || v.templateId !== undefined, 'Give a body or a template');

const queueOutcomeSchema = z.union([
  z.object({
    status: z.literal('queued'),
    messageId: idSchema,
    deliveryId: idSchema,
    channel: channelSchema,
    held: z.object({ reason: z.string(), until: instantSchema.nullable() }).nullable(),
  }),
  z.object({ status: z.literal('refused'), reason: z.string(), detail: z.string() }),
  z.object({ status: z.literal('duplicate'), messageId: idSchema }),
]);

const twilioSettingsView = z.object({
  accountSid: z.string(),
  hasAuthToken: z.boolean(),
  smsFrom: z.string(),
  messagingServiceSid: z.string(),
  whatsappFrom: z.string(),
  voiceFrom: z.string(),
  segmentsPerSecond: z.number(),
  whatsappPerSecond: z.number(),
});
const smtpRelayView = z.object({
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string(),
  hasPassword: z.boolean(),
});
export const providerSettingsViewSchema = z.object({
  smsProvider: z.enum(['sandbox', 'twilio']),
  emailProvider: z.enum(['sandbox', 'smtp']),
  twilio: twilioSettingsView,
  smtp: z.object({
    primary: smtpRelayView,
    secondary: smtpRelayView.nullable(),
    fromAddress: z.string(),
    fromName: z.string(),
    messagesPerSecond: z.number(),
    unsubscribeUrl: z.string(),
    unsubscribeMailto: z.string(),
    messageIdDomain: z.string(),
  }),
});
export type ProviderSettingsView = z.infer<typeof providerSettingsViewSchema>;

const shortText = z.string().trim().max(200);
const relayUpdate = z
  .object({
    host: shortText,
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: shortText,
    /** Write-only; omit to keep, empty string to clear. */
    password: z.string().max(500).optional(),
  })
  .strict();

export const providerSettingsUpdateSchema = z
  .object({
    smsProvider: z.enum(['sandbox', 'twilio']).optional(),
    emailProvider: z.enum(['sandbox', 'smtp']).optional(),
    twilio: z
      .object({
        accountSid: z.string().regex(/^(AC[0-9a-fA-F]{32})?$/, 'An account SID starts with AC').optional(),
        /** Write-only; omit to keep, empty string to clear. */
        authToken: z.string().max(200).optional(),
        smsFrom: shortText.optional(),
        messagingServiceSid: z.string().regex(/^(MG[0-9a-fA-F]{32})?$/).optional(),
        whatsappFrom: shortText.optional(),
        voiceFrom: shortText.optional(),
        segmentsPerSecond: z.number().positive().max(10_000).optional(),
        whatsappPerSecond: z.number().positive().max(10_000).optional(),
      })
      .strict()
      .optional(),
    smtp: z
      .object({
        primary: relayUpdate.optional(),
        secondary: relayUpdate.nullable().optional(),
        fromAddress: shortText.optional(),
        fromName: shortText.optional(),
        messagesPerSecond: z.number().positive().max(10_000).optional(),
        unsubscribeUrl: z.string().max(500).optional(),
        unsubscribeMailto: z.string().max(320).optional(),
        messageIdDomain: shortText.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const sandboxItemSchema = z.object({
  deliveryId: idSchema,
  messageId: idSchema,
  conversationId: idSchema,
  channel: channelSchema,
  address: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  state: deliveryStateSchema,
  sentAt: instantSchema.nullable(),
});

export const engineCalls = {
  'messages.send': defineCall({
    input: sendInputSchema,
    output: queueOutcomeSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Queue a message to a patient or an address; returns at once (queued, held, refused or duplicate).',
  }),
  'engine.status': defineCall({
    input: z.object({}).strict(),
    output: engineStatusSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'Online/offline, how many deliveries are waiting, per-sender backlog and ETA.',
  }),
  'deliveries.list': defineCall({
    input: z.union([
      z.object({ messageId: idSchema }).strict(),
      z.object({ conversationId: idSchema, limit: z.number().int().min(1).max(500).optional() }).strict(),
    ]),
    output: z.object({ items: z.array(deliveryViewSchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'Deliveries of a message or a conversation, with reason codes and their text.',
  }),
  'providers.get': defineCall({
    input: z.object({}).strict(),
    output: providerSettingsViewSchema,
    access: 'admin',
    mutates: false,
    summary: 'Provider settings; secrets only as has* flags.',
  }),
  'providers.update': defineCall({
    input: providerSettingsUpdateSchema,
    output: providerSettingsViewSchema,
    access: 'admin',
    mutates: true,
    summary: 'Change provider settings; secrets are write-only.',
  }),
  'providers.sendTest': defineCall({
    input: z.object({ channel: channelSchema, address }).strict(),
    output: queueOutcomeSchema,
    access: 'admin',
    mutates: true,
    summary: 'Queue a test message to an address through the configured provider.',
  }),
  'sandbox.inbox': defineCall({
    input: z
      .object({ address: z.string().max(320).optional(), limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    output: z.object({ items: z.array(sandboxItemSchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'What the simulated patient phone and mailbox received.',
  }),
  'sandbox.replyAsPatient': defineCall({
    input: z
      .object({ channel: channelSchema, address, body: z.string().min(1).max(1600) })
      .strict(),
    output: z.object({ messageId: idSchema, conversationId: idSchema }),
    access: 'receptionist',
    mutates: true,
    summary: 'Send a reply as the patient from the simulated phone or mailbox.',
  }),
};
