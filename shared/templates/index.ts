/**
 * Templates: pure code shared by the renderer (editor, preview) and main (validation, sending).
 *
 * Sending a templated message (the engine):
 *   const context = buildTemplateContext(
 *     { patient: { firstName, lastName }, clinic: { name, phone },
 *       appointment: { startsAt, durationMinutes, clinician, location, reason, confirmUrl } | null,
 *       unsubscribeUrl },                                   // email only
 *     { timeZone: patientZone, language: patientLanguage });
 *   const out = renderForChannel(content, 'sms', patientLanguage, context,
 *     { timeZone: patientZone, clinic: { name, phone, brandColor? }, fallbackLanguage, now: clock date });
 *   // out: RenderedSms { body, segments } | RenderedEmail { subject, html, text }
 *   //    | RenderedWhatsApp { contentSid, contentVariables, body } | RenderedVoice { script }
 *   // every result also says which `language` was used and whether it was the fallback.
 * A template that cannot render throws `TemplateError` (`issues: [{ path, message, name? }]`), e.g.
 * `Unknown variable "appointment.start"` when a broadcast without an appointment uses it.
 *
 * Saving (the template service) and live validation (the editor):
 *   validateTemplateContent(content, { category, fallbackLanguage, timeZone, clinic? })
 *     → { ok, issues: [{ path: 'content.en.sms.body', message }], warnings, smsSegments }
 *
 * SMS segments (editor counter, engine pacing): countSmsSegments(text)
 *   → { encoding: 'GSM-7' | 'UCS-2', segments, characters, units, unitsPerSegment, remainingInSegment, nonGsmCharacters, tooLong }
 *
 * The variables palette: TEMPLATE_VARIABLES / variablesFor(channel, category).
 * Dates: `{{ appointment.start | date: "%a %b %-d, %-l:%M %p" }}` formats in the patient's zone and
 * language (strftime directives, `-` removes padding); `appointment.date` / `appointment.time` are
 * ready-made. Email bodies are text: the layout escapes everything, makes paragraphs and links.
 */
export { countSmsSegments, gsmSeptets, GSM7_BASIC_CHARACTERS, GSM7_EXTENSION_CHARACTERS, SMS_MAX_CHARACTERS, type SmsEncoding, type SmsSegmentInfo } from './sms-segments';
export {
  CONTENT_SID_PATTERN,
  languageContentSchema,
  languageTagSchema,
  templateContentSchema,
  type EmailContent,
  type LanguageContent,
  type SmsContent,
  type TemplateContent,
  type VoiceContent,
  type WhatsAppContent,
} from './content';
export { buildTemplateContext, sampleContext, type ClinicBrand, type ContextInput, type TemplateContext } from './context';
export { emailHtml, emailText, escapeHtml } from './email-layout';
export { DEFAULT_DATE_FORMAT, TemplateError, type TemplateIssue } from './liquid';
export {
  pickLanguage,
  renderForChannel,
  renderText,
  type RenderedEmail,
  type RenderedFor,
  type RenderedMessage,
  type RenderedSms,
  type RenderedVoice,
  type RenderedWhatsApp,
  type RenderOptions,
} from './render';
export { sensitiveFieldWarnings, validateTemplateContent, type TemplateValidation, type TemplateWarning, type ValidateOptions } from './validate';
export {
  APPOINTMENT_CATEGORIES,
  checkVariablePath,
  TEMPLATE_VARIABLES,
  variablesFor,
  type TemplateCategory,
  type TemplateVariable,
} from './variables';
