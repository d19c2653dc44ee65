/**
 * The editable state of one template in the editor, and pure helpers to read and change it.
 * Content is per language, then per channel, exactly as a template version stores it.
 */
export type TemplateChannel = 'sms' | 'email' | 'whatsapp' | 'voice';
export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = ['sms', 'email', 'whatsapp', 'voice'];
export const CHANNEL_LABEL: Record<TemplateChannel, string> = { sms: 'SMS', email: 'Email', whatsapp: 'WhatsApp', voice: 'Voice' };

export interface LanguageContent {
  sms?: { body: string };
  email?: { subject: string; body: string };
  whatsapp?: { contentSid?: string; variables?: Record<string, string>; body?: string };
  voice?: { script: string };
}
export type DraftContent = Record<string, LanguageContent>;

/** One editable text of a channel: its key inside the channel object and its label. */
export interface ChannelField {
  key: string;
  label: string;
  multiline: boolean;
  /** Liquid text (the palette can insert variables into it). */
  liquid: boolean;
}

export const CHANNEL_FIELDS: Record<TemplateChannel, ChannelField[]> = {
  sms: [{ key: 'body', label: 'Text', multiline: true, liquid: true }],
  email: [
    { key: 'subject', label: 'Subject', multiline: false, liquid: true },
    { key: 'body', label: 'Body', multiline: true, liquid: true },
  ],
  whatsapp: [
    { key: 'contentSid', label: 'Approved content id (HX…)', multiline: false, liquid: false },
    { key: 'body', label: 'Text (inside the 24-hour window)', multiline: true, liquid: true },
  ],
  voice: [{ key: 'script', label: 'Script spoken on the call', multiline: true, liquid: true }],
};

/** The path the core uses for a field's issue: `content.en.sms.body`. */
export function fieldPath(language: string, channel: TemplateChannel, key: string): string {
  return `content.${language}.${channel}.${key}`;
}

export function readField(content: DraftContent, language: string, channel: TemplateChannel, key: string): string {
  const ch = content[language]?.[channel] as Record<string, unknown> | undefined;
  const value = ch?.[key];
  return typeof value === 'string' ? value : '';
}

export function writeField(content: DraftContent, language: string, channel: TemplateChannel, key: string, value: string): DraftContent {
  const lang: LanguageContent = { ...(content[language] ?? {}) };
  const current = { ...((lang[channel] as Record<string, unknown> | undefined) ?? {}) };
  current[key] = value;
  (lang as Record<string, unknown>)[channel] = current;
  return { ...content, [language]: lang };
}

/** WhatsApp content variables as "1=…" lines, the form the editor shows. */
export function whatsappVariablesText(content: DraftContent, language: string): string {
  const vars = content[language]?.whatsapp?.variables ?? {};
  return Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

export function writeWhatsappVariables(content: DraftContent, language: string, text: string): DraftContent {
  const variables: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    variables[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const lang: LanguageContent = { ...(content[language] ?? {}) };
  lang.whatsapp = { ...(lang.whatsapp ?? {}), variables };
  return { ...content, [language]: lang };
}

export function channelHasContent(content: DraftContent, language: string, channel: TemplateChannel): boolean {
  const ch = content[language]?.[channel] as Record<string, unknown> | undefined;
  if (!ch) return false;
  return Object.values(ch).some((v) => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null && Object.keys(v).length > 0));
}

/**
 * The content to save: empty channels and languages dropped (so a template need not fill every
 * channel), strings kept as typed.
 */
export function cleanContent(content: DraftContent): DraftContent {
  const out: DraftContent = {};
  for (const [language, lang] of Object.entries(content)) {
    const kept: LanguageContent = {};
    for (const channel of TEMPLATE_CHANNELS) {
      if (!channelHasContent(content, language, channel)) continue;
      const ch = lang[channel] as Record<string, unknown>;
      const cleaned: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(ch)) {
        if (typeof v === 'string' && v === '' && channel === 'whatsapp') continue;
        if (k === 'variables' && v && typeof v === 'object' && Object.keys(v).length === 0) continue;
        cleaned[k] = v;
      }
      (kept as Record<string, unknown>)[channel] = cleaned;
    }
    if (Object.keys(kept).length > 0) out[language] = kept;
  }
  return out;
}

/** Every text of a version, flattened to `language / channel / field` lines, for the diff. */
export function contentAsText(content: DraftContent): string {
  const lines: string[] = [];
  for (const language of Object.keys(content).sort()) {
    for (const channel of TEMPLATE_CHANNELS) {
      const ch = content[language]?.[channel] as Record<string, unknown> | undefined;
      if (!ch) continue;
      for (const [key, value] of Object.entries(ch)) {
        lines.push(`── ${language} · ${CHANNEL_LABEL[channel]} · ${key}`);
        if (typeof value === 'string') lines.push(...value.split('\n'));
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) lines.push(`${k}=${String(v)}`);
      }
    }
  }
  return lines.join('\n');
}

/** Inserts text into a value at a selection, returning the new value and caret. */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  const s = Math.max(0, Math.min(start, value.length));
  const e = Math.max(s, Math.min(end, value.length));
  return { value: value.slice(0, s) + text + value.slice(e), caret: s + text.length };
}
