/**
 * What a broadcast sends and which channels that content exists for: a template version (a
 * channel counts when some language of it has text for that channel, exactly as the renderer
 * picks a language) or typed text (every channel lays it out for itself).
 */
import { CHANNELS, type Channel, type Purpose } from '../../shared/domain';
import { pickLanguage, type TemplateContent } from '../../shared/templates';
import type { AppDb } from '../db/database';
import { validationError } from '../foundation/errors';

export type BroadcastContent =
  | { kind: 'template'; templateId: number; templateVersionId: number; purpose: Purpose; channels: ReadonlySet<Channel> }
  | { kind: 'literal'; body: string; subject: string | null; channels: ReadonlySet<Channel> };

/** Any channel: the preview before a message is chosen. */
export const ANY_CONTENT_CHANNELS: ReadonlySet<Channel> = new Set(CHANNELS);

export function contentChannelsOf(content: TemplateContent, fallbackLanguage: string): Set<Channel> {
  return new Set(CHANNELS.filter((c) => pickLanguage(content, c, fallbackLanguage, fallbackLanguage) !== null));
}

export function loadBroadcastContent(
  db: AppDb,
  source: { templateId?: number | null; templateVersionId?: number | null; body?: string | null; subject?: string | null },
): BroadcastContent {
  if (source.templateId === undefined || source.templateId === null) {
    const body = source.body?.trim() ?? '';
    if (body === '') throw validationError('Pick a template or write the message', [{ path: 'content.body', message: 'Required without a template' }]);
    return { kind: 'literal', body, subject: source.subject ?? null, channels: ANY_CONTENT_CHANNELS };
  }
  const t = db.$client
    .prepare('select purpose, fallback_language, current_version_id from templates where id = ?')
    .get(source.templateId) as { purpose: Purpose; fallback_language: string; current_version_id: number | null } | undefined;
  if (!t) throw validationError('That template does not exist', [{ path: 'templateId', message: 'Unknown template' }]);
  const versionId = source.templateVersionId ?? t.current_version_id;
  if (versionId === null) throw validationError('That template has no saved version yet', [{ path: 'templateId', message: 'No version' }]);
  const v = db.$client.prepare('select content from template_versions where id = ? and template_id = ?').get(versionId, source.templateId) as
    | { content: string }
    | undefined;
  if (!v) throw validationError('That template version does not exist', [{ path: 'templateVersionId', message: 'Unknown version' }]);
  const content = JSON.parse(v.content) as TemplateContent;
  return { kind: 'template', templateId: source.templateId, templateVersionId: versionId, purpose: t.purpose, channels: contentChannelsOf(content, t.fallback_language) };
}
