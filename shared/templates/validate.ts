/**
 * Save-time validation of a template version: every channel of every language is parsed, its
 * variables are checked against the known set for that channel and category (in every branch),
 * and it is rendered in strict mode against a complete sample context and a sparse one (optional
 * values empty). Problems come back per field (`content.en.sms.body`) with readable messages;
 * warnings (sensitive fields on SMS/WhatsApp/voice, long or Unicode SMS) do not block saving.
 */
import type { Channel } from '../domain';
import { CONTENT_SID_PATTERN, templateContentSchema, type LanguageContent, type TemplateContent } from './content';
import { buildTemplateContext, sampleContext, type ClinicBrand, type TemplateContext } from './context';
import { liquidIssue, parseTemplate, renderParsed, variablePaths, type TemplateIssue } from './liquid';
import { countSmsSegments, SMS_MAX_CHARACTERS, type SmsSegmentInfo } from './sms-segments';
import { checkVariablePath, TEMPLATE_VARIABLES, type TemplateCategory } from './variables';

export interface TemplateWarning {
  path: string;
  kind: 'sensitive' | 'sms_unicode' | 'sms_long' | 'voice_long' | 'missing_translation';
  message: string;
  /** The variable concerned, for `sensitive`. */
  variable?: string;
}

export interface TemplateValidation {
  ok: boolean;
  issues: TemplateIssue[];
  warnings: TemplateWarning[];
  /** Segment counts of each language's SMS text rendered with the sample values. */
  smsSegments: Record<string, SmsSegmentInfo>;
}

export interface ValidateOptions {
  category: TemplateCategory;
  fallbackLanguage: string;
  /** Zone for the sample dates (the clinic's). */
  timeZone: string;
  clinic?: ClinicBrand;
}

const SENSITIVE_CHANNELS: readonly Channel[] = ['sms', 'whatsapp', 'voice'];
const CHANNEL_NAMES: Record<Channel, string> = { sms: 'SMS', email: 'email', whatsapp: 'WhatsApp', voice: 'voice' };

interface Field {
  path: string;
  channel: Channel;
  source: string;
}

function fieldsOf(language: string, lang: LanguageContent): Field[] {
  const p = (f: string) => `content.${language}.${f}`;
  const fields: Field[] = [];
  if (lang.sms) fields.push({ path: p('sms.body'), channel: 'sms', source: lang.sms.body });
  if (lang.email) {
    fields.push({ path: p('email.subject'), channel: 'email', source: lang.email.subject });
    fields.push({ path: p('email.body'), channel: 'email', source: lang.email.body });
  }
  if (lang.whatsapp) {
    if (lang.whatsapp.body !== undefined) fields.push({ path: p('whatsapp.body'), channel: 'whatsapp', source: lang.whatsapp.body });
    for (const [key, value] of Object.entries(lang.whatsapp.variables ?? {})) {
      fields.push({ path: p(`whatsapp.variables.${key}`), channel: 'whatsapp', source: value });
    }
  }
  if (lang.voice) fields.push({ path: p('voice.script'), channel: 'voice', source: lang.voice.script });
  return fields;
}

/** The sample context with every optional value empty, as a real patient may have it. */
function sparseContext(full: TemplateContext, language: string, timeZone: string, clinic: ClinicBrand | undefined): TemplateContext {
  return buildTemplateContext(
    {
      patient: full.patient,
      clinic: { name: clinic?.name ?? full.clinic.name, phone: null },
      appointment: full.appointment
        ? { startsAt: Date.parse(full.appointment.start), durationMinutes: full.appointment.durationMinutes, clinician: full.appointment.clinician }
        : null,
      unsubscribeUrl: full.unsubscribeUrl ?? null,
    },
    { timeZone, language },
  );
}

function unknownVariableMessage(path: string, check: Exclude<ReturnType<typeof checkVariablePath>, { ok: true }>, channel: Channel, category: TemplateCategory): string {
  if (check.reason === 'channel') return `"${path}" is only available in ${TEMPLATE_VARIABLES.find((v) => v.path === path)?.channels?.map((c) => CHANNEL_NAMES[c]).join(', ') ?? 'other channels'}, not ${CHANNEL_NAMES[channel]}`;
  if (check.reason === 'category') return `"${path}" is not available in ${category.replace('_', ' ')} templates: they are not about one appointment`;
  return `Unknown variable "${path}"${check.suggestion ? ` — did you mean "${check.suggestion}"?` : ''}`;
}

/** Issues and sensitive-field warnings for one field (no rendering). */
function checkField(field: Field, category: TemplateCategory, issues: TemplateIssue[], warnings: TemplateWarning[]): ReturnType<typeof parseTemplate> | null {
  let parsed: ReturnType<typeof parseTemplate>;
  try {
    parsed = parseTemplate(field.source);
  } catch (err) {
    issues.push(liquidIssue(err, field.path));
    return null;
  }
  let ok = true;
  for (const path of variablePaths(parsed)) {
    const check = checkVariablePath(path, field.channel, category);
    if (!check.ok) {
      ok = false;
      issues.push({ path: field.path, name: path, message: unknownVariableMessage(path, check, field.channel, category) });
      continue;
    }
    if (check.variable?.sensitive && SENSITIVE_CHANNELS.includes(field.channel)) {
      warnings.push({
        path: field.path,
        kind: 'sensitive',
        variable: path,
        message: `${check.variable.label} (${path}) is clinical detail; SMS, WhatsApp and voice should carry only what a reminder needs`,
      });
    }
  }
  return ok ? parsed : null;
}

export function validateTemplateContent(content: unknown, options: ValidateOptions): TemplateValidation {
  const issues: TemplateIssue[] = [];
  const warnings: TemplateWarning[] = [];
  const smsSegments: Record<string, SmsSegmentInfo> = {};
  const shape = templateContentSchema.safeParse(content);
  if (!shape.success) {
    for (const issue of shape.error.issues) issues.push({ path: ['content', ...issue.path.map(String)].join('.'), message: issue.message });
    return { ok: false, issues, warnings, smsSegments };
  }
  const data: TemplateContent = shape.data;
  const languages = Object.keys(data);
  if (languages.length === 0) issues.push({ path: 'content', message: 'Add text in at least one language' });
  else if (!data[options.fallbackLanguage]) {
    issues.push({ path: 'fallbackLanguage', message: `The fallback language "${options.fallbackLanguage}" has no text; add it or choose another fallback` });
  }
  const fallbackChannels = new Set(Object.keys(data[options.fallbackLanguage] ?? {}));

  for (const language of languages) {
    const lang = data[language] as LanguageContent;
    const p = (f: string) => `content.${language}.${f}`;
    if (!lang.sms && !lang.email && !lang.whatsapp && !lang.voice) issues.push({ path: `content.${language}`, message: 'Add text for at least one channel' });
    if (lang.sms && lang.sms.body.trim() === '') issues.push({ path: p('sms.body'), message: 'Write the SMS text' });
    if (lang.email) {
      if (lang.email.subject.trim() === '') issues.push({ path: p('email.subject'), message: 'Write a subject' });
      if (/[\r\n]/.test(lang.email.subject)) issues.push({ path: p('email.subject'), message: 'The subject must be one line' });
      if (lang.email.body.trim() === '') issues.push({ path: p('email.body'), message: 'Write the email text' });
    }
    if (lang.whatsapp) {
      const wa = lang.whatsapp;
      if (wa.contentSid !== undefined && wa.contentSid !== '' && !CONTENT_SID_PATTERN.test(wa.contentSid)) {
        issues.push({ path: p('whatsapp.contentSid'), message: 'An approved content template id looks like HX followed by 32 letters and digits' });
      }
      if (!wa.contentSid && wa.body === undefined && !lang.sms) {
        issues.push({ path: p('whatsapp'), message: 'Give an approved content template id or a WhatsApp text' });
      }
      if (wa.variables && Object.keys(wa.variables).length > 0 && !wa.contentSid) {
        issues.push({ path: p('whatsapp.variables'), message: 'Content variables need an approved content template id' });
      }
      for (const key of Object.keys(wa.variables ?? {})) {
        if (!/^[A-Za-z0-9_]{1,40}$/.test(key)) issues.push({ path: p(`whatsapp.variables.${key}`), message: 'Variable names are numbers or letters, e.g. 1, 2' });
      }
    }
    if (lang.voice && lang.voice.script.trim() === '') issues.push({ path: p('voice.script'), message: 'Write what the call should say' });
    if (language !== options.fallbackLanguage) {
      for (const channel of Object.keys(lang)) {
        if (!fallbackChannels.has(channel)) {
          warnings.push({
            path: p(channel),
            kind: 'missing_translation',
            message: `There is no ${CHANNEL_NAMES[channel as Channel]} text in the fallback language "${options.fallbackLanguage}"`,
          });
        }
      }
    }

    for (const field of fieldsOf(language, lang)) {
      const parsed = checkField(field, options.category, issues, warnings);
      if (!parsed) continue;
      const full = sampleContext(field.channel, options.category, { timeZone: options.timeZone, language, clinic: options.clinic });
      const sparse = sparseContext(full, language, options.timeZone, options.clinic);
      let rendered: string | null = null;
      for (const context of [full, sparse]) {
        try {
          const out = renderParsed(parsed, context, { timeZone: options.timeZone, language, now: new Date(Date.parse(full.appointment?.start ?? '2026-03-10T14:30:00Z')) });
          rendered ??= out;
        } catch (err) {
          issues.push(liquidIssue(err, field.path));
          break;
        }
      }
      if (rendered === null) continue;
      if (field.channel === 'sms' || (field.channel === 'whatsapp' && field.path.endsWith('whatsapp.body'))) {
        const info = countSmsSegments(rendered.trim());
        if (field.channel === 'sms') smsSegments[language] = info;
        if (info.tooLong) issues.push({ path: field.path, message: `Too long: ${info.characters} characters with the sample values; the limit is ${SMS_MAX_CHARACTERS}` });
        if (field.channel === 'sms' && info.encoding === 'UCS-2') {
          warnings.push({
            path: field.path,
            kind: 'sms_unicode',
            message: `Characters outside the GSM alphabet (${info.nonGsmCharacters.slice(0, 5).join(' ')}) make every segment hold 70 characters instead of 160`,
          });
        }
        if (field.channel === 'sms' && info.segments > 2) {
          warnings.push({ path: field.path, kind: 'sms_long', message: `${info.segments} segments with the sample values; keep reminders to one or two` });
        }
      }
      if (field.channel === 'voice' && rendered.length > 3500) {
        warnings.push({ path: field.path, kind: 'voice_long', message: 'This script is very long for a call; keep it to about a minute' });
      }
    }
  }
  return { ok: issues.length === 0, issues, warnings, smsSegments };
}

/** Only the sensitive-field warnings (for the editor's live hints). */
export function sensitiveFieldWarnings(content: TemplateContent, category: TemplateCategory): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  for (const [language, lang] of Object.entries(content)) {
    for (const field of fieldsOf(language, lang)) {
      if (!SENSITIVE_CHANNELS.includes(field.channel)) continue;
      checkField(field, category, [], warnings);
    }
  }
  return warnings;
}
