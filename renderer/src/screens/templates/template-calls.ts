/**
 * The templates screen's link to the core (shared/contract/templates.ts): list, get, create,
 * save a version, roll back, preview. The screen works with `TemplateDraft`; this file maps it to
 * and from the wire shapes.
 */
import { useCallback, useState } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contract';
import type { CallError } from '../../../../shared/ipc/result';
import type { TemplateCategory } from '../../../../shared/templates/variables';
import { useApi } from '../../ipc/ApiContext';
import { useQuery, type QueryState } from '../../ipc/useQuery';
import { describeFailure } from '../../ipc/transport';
import type { PreviewSubject } from './PreviewSubjectPicker';
import { cleanContent, type DraftContent, type TemplateChannel } from './template-draft';

import { TEMPLATE_CATEGORIES } from '../../../../shared/contract/templates';

export { TEMPLATE_CATEGORIES };

export function asCategory(value: string): TemplateCategory {
  return TEMPLATE_CATEGORIES.find((c) => c === value) ?? 'appointment';
}

export interface TemplateDraft {
  name: string;
  category: TemplateCategory;
  purpose: 'transactional' | 'marketing';
  tags: string[];
  fallbackLanguage: string;
  content: DraftContent;
}

export function emptyDraft(): TemplateDraft {
  return { name: '', category: 'appointment', purpose: 'transactional', tags: [], fallbackLanguage: 'en', content: { en: { sms: { body: '' } } } };
}

type WireDetail = OutputOf<'templates.get'>;
type WireSummary = OutputOf<'templates.list'>['items'][number];

export interface TemplateListItem {
  id: number;
  name: string;
  category: string;
  purpose: 'transactional' | 'marketing';
  tags: string[];
  currentVersion: number;
}

export interface TemplateVersionItem {
  version: number;
  content: DraftContent;
  note: string | null;
  restoredFromVersion: number | null;
  createdAt: number;
  createdByName: string | null;
}

export interface TemplateDetail {
  id: number;
  currentVersion: number;
  draft: TemplateDraft;
  versions: TemplateVersionItem[];
}

function toListItem(t: WireSummary): TemplateListItem {
  return { id: t.id, name: t.name, category: t.category, purpose: t.purpose, tags: t.tags, currentVersion: t.currentVersion };
}

function toDetail(t: WireDetail): TemplateDetail {
  return {
    id: t.id,
    currentVersion: t.currentVersion,
    draft: { name: t.name, category: t.category, purpose: t.purpose, tags: t.tags, fallbackLanguage: t.fallbackLanguage, content: t.content },
    versions: t.versions.map((v) => ({
      version: v.version,
      content: v.content,
      note: v.note,
      restoredFromVersion: v.restoredFromVersion,
      createdAt: v.createdAt,
      createdByName: v.createdByName,
    })),
  };
}

export function useTemplateList(): QueryState<TemplateListItem[]> {
  const query = useQuery('templates.list', {});
  return { ...query, value: query.value?.items.map(toListItem) };
}

export function useTemplate(id: number): QueryState<TemplateDetail> {
  const query = useQuery('templates.get', { id });
  return { ...query, value: query.value ? toDetail(query.value) : undefined };
}

/** Creates the template (first version) or saves a new version of it. */
export function useSaveTemplate(templateId: number | null, baseVersion: number | null) {
  const api = useApi();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const submit = useCallback(
    async (draft: TemplateDraft, note: string | undefined): Promise<{ id: number; version: number } | undefined> => {
      setSubmitting(true);
      setError(undefined);
      try {
        const fields = { name: draft.name.trim(), category: draft.category, purpose: draft.purpose, tags: draft.tags, fallbackLanguage: draft.fallbackLanguage, content: cleanContent(draft.content), ...(note ? { note } : {}) };
        const input: InputOf<'templates.create'> = fields;
        const result =
          templateId === null
            ? await api.call('templates.create', input)
            : await api.call('templates.saveVersion', { id: templateId, ...fields, ...(baseVersion !== null ? { baseVersion } : {}) });
        if (!result.ok) {
          setError(result.error);
          return undefined;
        }
        return { id: result.value.id, version: result.value.currentVersion };
      } catch (failure) {
        setError({ code: 'internal', message: describeFailure(failure) });
        return undefined;
      } finally {
        setSubmitting(false);
      }
    },
    [api, templateId, baseVersion],
  );
  const clearError = useCallback(() => setError(undefined), []);
  return { submitting, error, submit, clearError };
}

/** Restores an older version as a new version. */
export function useRollback() {
  const api = useApi();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const submit = useCallback(
    async (id: number, version: number): Promise<{ version: number } | undefined> => {
      setSubmitting(true);
      setError(undefined);
      try {
        const result = await api.call('templates.rollback', { id, version });
        if (!result.ok) {
          setError(result.error);
          return undefined;
        }
        return { version: result.value.currentVersion };
      } finally {
        setSubmitting(false);
      }
    },
    [api],
  );
  return { submitting, error, submit };
}

export interface PreviewPart {
  key: string;
  label: string;
  text: string;
}

export interface PreviewView {
  /** The full email document (branded layout), shown in a sandboxed frame. */
  emailHtml: string | null;
  usedLanguage: string | null;
  usedFallback: boolean;
  /** Warnings for this rendering (sensitive fields, long SMS). */
  warnings: string[];
  parts: PreviewPart[];
  /** The rendered SMS text, for the segment counter. */
  smsText: string | null;
}

type WirePreview = OutputOf<'templates.preview'>;

function toPreview(out: WirePreview): PreviewView {
  const view = renderedParts(out.rendered);
  return { ...view, emailHtml: out.rendered.channel === 'email' ? out.rendered.html : null, usedFallback: out.rendered.usedFallback, warnings: out.warnings.map((w) => w.message) };
}

function renderedParts(r: WirePreview['rendered']): Omit<PreviewView, 'usedFallback' | 'warnings' | 'emailHtml'> {
  switch (r.channel) {
    case 'sms':
      return { usedLanguage: r.language, parts: [{ key: 'sms-body', label: 'Text', text: r.body }], smsText: r.body };
    case 'email':
      return {
        usedLanguage: r.language,
        parts: [
          { key: 'email-subject', label: 'Subject', text: r.subject },
          { key: 'email-text', label: 'Body (plain-text part)', text: r.text },
        ],
        smsText: null,
      };
    case 'whatsapp':
      return {
        usedLanguage: r.language,
        parts: [
          ...(r.body !== null ? [{ key: 'whatsapp-body', label: 'Text (inside the 24-hour window)', text: r.body }] : []),
          ...(r.contentSid ? [{ key: 'whatsapp-content', label: `Approved template ${r.contentSid}`, text: Object.entries(r.contentVariables).map(([k, v]) => `{{${k}}} = ${v}`).join('\n') }] : []),
        ],
        smsText: null,
      };
    case 'voice':
      return { usedLanguage: r.language, parts: [{ key: 'voice-script', label: 'Spoken', text: r.script }], smsText: null };
  }
}

/** Renders the current (unsaved) content for the chosen patient and appointment, or with sample values. */
export function useTemplatePreview(
  content: DraftContent,
  draft: Pick<TemplateDraft, 'category' | 'fallbackLanguage'>,
  language: string,
  channel: TemplateChannel,
  subject: PreviewSubject | null,
  enabled: boolean,
): QueryState<PreviewView> {
  const query = useQuery(
    'templates.preview',
    {
      content: cleanContent(content),
      category: draft.category,
      fallbackLanguage: draft.fallbackLanguage,
      channel,
      language,
      ...(subject ? { patientId: subject.patientId } : {}),
      ...(subject?.appointmentId ? { appointmentId: subject.appointmentId } : {}),
    },
    { enabled: enabled && Object.keys(cleanContent(content)).length > 0 },
  );
  return { ...query, value: query.value ? toPreview(query.value) : undefined };
}
