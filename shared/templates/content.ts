/**
 * The stored shape of a template version's content (same shape as `TemplateContent` in
 * electron/db/schema/templates.ts): per language, per channel.
 */
import { z } from 'zod';

export const TEMPLATE_TEXT_MAX = 10_000;

const text = (max = TEMPLATE_TEXT_MAX) => z.string().max(max);

export const smsContentSchema = z.object({ body: text() }).strict();
export const emailContentSchema = z.object({ subject: text(500), body: text() }).strict();
export const whatsappContentSchema = z
  .object({
    /** Twilio Content API template (HX + 32 hex), approved by Meta, for use outside the 24 h window. */
    contentSid: z.string().max(34).optional(),
    /** Content variables by placeholder name ("1", "2", …); each value is itself a Liquid template. */
    variables: z.record(z.string().max(40), text(1000)).optional(),
    /** Free-form text for use inside the 24 h window (falls back to the SMS text when absent). */
    body: text().optional(),
  })
  .strict();
export const voiceContentSchema = z.object({ script: text(4000) }).strict();

export const languageContentSchema = z
  .object({
    sms: smsContentSchema.optional(),
    email: emailContentSchema.optional(),
    whatsapp: whatsappContentSchema.optional(),
    voice: voiceContentSchema.optional(),
  })
  .strict();

/** Language tags like `en`, `es`, `pt-BR`. */
export const languageTagSchema = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a language code such as en, es or pt-BR');

export const MAX_TEMPLATE_LANGUAGES = 20;

export const templateContentSchema = z
  .record(languageTagSchema, languageContentSchema)
  .refine((c) => Object.keys(c).length <= MAX_TEMPLATE_LANGUAGES, `At most ${MAX_TEMPLATE_LANGUAGES} languages`);

export type SmsContent = z.infer<typeof smsContentSchema>;
export type EmailContent = z.infer<typeof emailContentSchema>;
export type WhatsAppContent = z.infer<typeof whatsappContentSchema>;
export type VoiceContent = z.infer<typeof voiceContentSchema>;
export type LanguageContent = z.infer<typeof languageContentSchema>;
export type TemplateContent = Record<string, LanguageContent>;

export const CONTENT_SID_PATTERN = /^HX[0-9a-fA-F]{32}$/;
