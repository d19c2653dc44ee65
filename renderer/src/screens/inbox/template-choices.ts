/**
 * Template helpers the inbox composer uses: the picker's list (one category, archived ones left
 * out), a preview for the open conversation, and the text a rendered template puts in the composer.
 */
import type { OutputOf } from '../../../../shared/contract';
import type { Channel } from '../../../../shared/domain';
import type { CallError } from '../../../../shared/ipc/result';
import type { Api } from '../../ipc/api';

export type TemplateChoice = OutputOf<'templates.list'>['items'][number];

export type TemplatesAnswer = { ok: true; items: TemplateChoice[] } | { ok: false; error: CallError };

/** Templates for the picker, optionally one category (quick replies), archived ones left out. */
export async function listTemplates(api: Api, category?: TemplateChoice['category']): Promise<TemplatesAnswer> {
  const result = await api.call('templates.list', category ? { category } : {});
  if (!result.ok) return result;
  return { ok: true, items: result.value.items.filter((t) => !t.archived && t.currentVersion > 0) };
}

export type PreviewAnswer = { ok: true; body: string; subject: string | null; warnings: string[] } | { ok: false; error: CallError };

type Rendered = OutputOf<'templates.preview'>['rendered'];

/** The text a rendered template puts in the composer, per channel. */
export function renderedText(rendered: Rendered): { body: string; subject: string | null } {
  switch (rendered.channel) {
    case 'sms':
      return { body: rendered.body, subject: null };
    case 'email':
      return { body: rendered.text, subject: rendered.subject };
    case 'whatsapp':
      return { body: rendered.body ?? '', subject: null };
    case 'voice':
      return { body: rendered.script, subject: null };
  }
}

export async function previewTemplate(api: Api, input: { templateId: number; patientId: number | null; channel: Channel }): Promise<PreviewAnswer> {
  const result = await api.call('templates.preview', {
    templateId: input.templateId,
    channel: input.channel,
    ...(input.patientId !== null ? { patientId: input.patientId } : {}),
  });
  if (!result.ok) return result;
  const text = renderedText(result.value.rendered);
  return { ok: true, ...text, warnings: result.value.warnings.map((w) => w.message) };
}
