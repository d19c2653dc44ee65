/**
 * Renders one template version for one channel, language and patient.
 */
import type { Channel } from '../domain';
import type { LanguageContent, TemplateContent } from './content';
import { assertZone, localizeContext, type ClinicBrand, type TemplateContext } from './context';
import { emailHtml, emailText } from './email-layout';
import { renderField, TemplateError } from './liquid';
import type { RenderEnv } from './render-env';
import { countSmsSegments, type SmsSegmentInfo } from './sms-segments';

export interface RenderOptions {
  /** The patient's IANA time zone (the clinic's when the patient has none). */
  timeZone: string;
  clinic: ClinicBrand;
  /** Used when the requested language has no content for the channel (default `en`). */
  fallbackLanguage?: string;
  /** What "now" means in `{{ "now" | date }}` (inject the clock; default: the current time). */
  now?: Date;
}

interface RenderedBase {
  /** The language actually used (the requested one, its base language, or the fallback). */
  language: string;
  /** True when the requested language had no content for this channel. */
  usedFallback: boolean;
}

export interface RenderedSms extends RenderedBase {
  channel: 'sms';
  body: string;
  segments: SmsSegmentInfo;
}

export interface RenderedEmail extends RenderedBase {
  channel: 'email';
  subject: string;
  /** Full HTML document in the branded layout; every variable escaped. */
  html: string;
  /** Plain-text part. */
  text: string;
}

export interface RenderedWhatsApp extends RenderedBase {
  channel: 'whatsapp';
  /** Approved Content API template (outside the 24 h window), or null when none is configured. */
  contentSid: string | null;
  /** Rendered content variables for `ContentVariables` (JSON.stringify them for Twilio). */
  contentVariables: Record<string, string>;
  /** Free-form text for inside the 24 h window (the WhatsApp body, else the SMS text), or null. */
  body: string | null;
}

export interface RenderedVoice extends RenderedBase {
  channel: 'voice';
  /** What the call says (plain text; the provider wraps it in TwiML). */
  script: string;
}

export type RenderedMessage = RenderedSms | RenderedEmail | RenderedWhatsApp | RenderedVoice;
export type RenderedFor<C extends Channel> = Extract<RenderedMessage, { channel: C }>;

function hasChannel(lang: LanguageContent | undefined, channel: Channel): boolean {
  if (!lang) return false;
  if (channel === 'whatsapp') return lang.whatsapp !== undefined || lang.sms !== undefined;
  return lang[channel] !== undefined;
}

/**
 * The language to use: the requested one (`pt-BR`), its base (`pt`), then the fallback, then — so
 * a message is never lost for lack of a translation — any language with this channel.
 */
export function pickLanguage(content: TemplateContent, channel: Channel, requested: string, fallback: string): { language: string; usedFallback: boolean } | null {
  const base = requested.split('-')[0] ?? requested;
  for (const candidate of [requested, base]) {
    if (hasChannel(content[candidate], channel)) return { language: candidate, usedFallback: false };
  }
  if (hasChannel(content[fallback], channel)) return { language: fallback, usedFallback: true };
  const any = Object.keys(content).find((l) => hasChannel(content[l], channel));
  return any ? { language: any, usedFallback: true } : null;
}

/** Collapse the whitespace Liquid tags leave behind at the ends. */
function tidy(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').trim();
}

export function renderForChannel<C extends Channel>(
  content: TemplateContent,
  channel: C,
  language: string,
  context: TemplateContext,
  options: RenderOptions,
): RenderedFor<C>;
export function renderForChannel(
  content: TemplateContent,
  channel: Channel,
  language: string,
  given: TemplateContext,
  options: RenderOptions,
): RenderedMessage {
  assertZone(options.timeZone);
  const picked = pickLanguage(content, channel, language, options.fallbackLanguage ?? 'en');
  if (!picked) throw new TemplateError([{ path: 'content', message: `This template has no ${channel} text in any language` }]);
  const lang = content[picked.language] as LanguageContent;
  // Ready-made dates follow the language actually used, not only the one asked for.
  const context = picked.language === language ? given : localizeContext(given, options.timeZone, picked.language);
  const env: RenderEnv = { timeZone: options.timeZone, language: picked.language, now: options.now ?? new Date() };
  const at = (field: string) => `content.${picked.language}.${field}`;
  const base = { language: picked.language, usedFallback: picked.usedFallback };
  switch (channel) {
    case 'sms': {
      const body = tidy(renderField(lang.sms?.body ?? '', context, env, at('sms.body')));
      return { channel, ...base, body, segments: countSmsSegments(body) };
    }
    case 'email': {
      const email = lang.email ?? { subject: '', body: '' };
      const subject = renderField(email.subject, context, env, at('email.subject')).replace(/\s+/g, ' ').trim();
      const body = tidy(renderField(email.body, context, env, at('email.body')));
      const layout = { subject, body, language: picked.language, clinic: options.clinic, unsubscribeUrl: context.unsubscribeUrl ?? null };
      return { channel, ...base, subject, html: emailHtml(layout), text: emailText(layout) };
    }
    case 'whatsapp': {
      const wa = lang.whatsapp;
      const contentVariables: Record<string, string> = {};
      for (const [key, value] of Object.entries(wa?.variables ?? {})) {
        contentVariables[key] = tidy(renderField(value, context, env, at(`whatsapp.variables.${key}`)));
      }
      const source = wa?.body ?? lang.sms?.body;
      const sourcePath = wa?.body !== undefined ? at('whatsapp.body') : at('sms.body');
      const body = source !== undefined ? tidy(renderField(source, context, env, sourcePath)) : null;
      return { channel, ...base, contentSid: wa?.contentSid || null, contentVariables, body };
    }
    case 'voice': {
      const script = tidy(renderField(lang.voice?.script ?? '', context, env, at('voice.script'))).replace(/\s+/g, ' ');
      return { channel, ...base, script };
    }
  }
}

/** Render one free-standing Liquid text (quick replies, staff-typed text with variables). */
export function renderText(source: string, context: TemplateContext, options: { timeZone: string; language: string; now?: Date }): string {
  assertZone(options.timeZone);
  return tidy(renderField(source, context, { timeZone: options.timeZone, language: options.language, now: options.now ?? new Date() }, 'text'));
}
