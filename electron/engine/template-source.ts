/**
 * Template content for a message: the current (or given) version, in the patient's language with
 * the template's fallback language, for one channel. Rendering uses LiquidJS in strict mode.
 * Swap point: when shared/templates' renderer is committed, `renderTemplateText` delegates to it.
 */
import { Liquid } from 'liquidjs';
import { DomainError } from '../core/errors';
import type { AppDb } from '../db/database';
import type { TemplateContent } from '../db/schema';
import type { Channel, Purpose } from '../../shared/domain';

const liquid = new Liquid({ strictVariables: true, strictFilters: true });

export interface TemplateForChannel {
  templateVersionId: number;
  purpose: Purpose;
  body: string;
  subject: string | null;
  whatsappContent: { contentSid: string; variables: Record<string, string> } | null;
}

export function loadTemplate(db: AppDb, templateId: number, versionId: number | null, language: string, channel: Channel): TemplateForChannel {
  const t = db.$client
    .prepare('select purpose, fallback_language, current_version_id from templates where id = ? and archived = 0')
    .get(templateId) as { purpose: Purpose; fallback_language: string; current_version_id: number | null } | undefined;
  if (!t) throw new DomainError('not_found', 'That template was not found');
  const vid = versionId ?? t.current_version_id;
  if (vid === null) throw new DomainError('validation', 'That template has no saved version yet');
  const v = db.$client.prepare('select content from template_versions where id = ? and template_id = ?').get(vid, templateId) as
    | { content: string }
    | undefined;
  if (!v) throw new DomainError('not_found', 'That template version was not found');
  const content = JSON.parse(v.content) as TemplateContent;
  const lang = content[language] ?? content[t.fallback_language] ?? Object.values(content)[0];
  if (!lang) throw new DomainError('validation', 'The template has no content');
  const pick = (): { body: string; subject: string | null } | null => {
    switch (channel) {
      case 'sms':
        return lang.sms ? { body: lang.sms.body, subject: null } : null;
      case 'email':
        return lang.email ? { body: lang.email.body, subject: lang.email.subject } : null;
      case 'whatsapp':
        return lang.whatsapp?.body !== undefined ? { body: lang.whatsapp.body, subject: null } : lang.sms ? { body: lang.sms.body, subject: null } : null;
      case 'voice':
        return lang.voice ? { body: lang.voice.script, subject: null } : null;
    }
  };
  const picked = pick();
  if (!picked) throw new DomainError('validation', `The template has no ${channel} content`);
  const wa = lang.whatsapp?.contentSid ? { contentSid: lang.whatsapp.contentSid, variables: lang.whatsapp.variables ?? {} } : null;
  return { templateVersionId: vid, purpose: t.purpose, ...picked, whatsappContent: wa };
}

export function renderTemplateText(text: string, variables: Record<string, unknown>): string {
  try {
    return liquid.parseAndRenderSync(text, variables) as string;
  } catch (error) {
    throw new DomainError('validation', `The template could not be rendered: ${(error as Error).message}`);
  }
}
