/**
 * The one place the engine turns a message into per-channel content, through shared/templates:
 * templates render with strict LiquidJS in the patient's zone and language; literal bodies are
 * used as typed (email gets the branded layout, every value escaped, plus a plain-text part).
 */
import {
  buildTemplateContext,
  countSmsSegments,
  emailHtml,
  emailText,
  renderForChannel,
  TemplateError,
  type TemplateContent,
  type TemplateContext,
} from '../../shared/templates';
import type { Channel, ClinicSettings } from '../../shared/domain';
import { DomainError, validationError } from '../foundation/errors';
import type { AppDb } from '../db/database';

export interface RenderedContent {
  /** SMS/WhatsApp text, voice script, or the email's plain-text part. */
  body: string;
  subject: string | null;
  html: string | null;
  whatsappContent: { contentSid: string; variables: Record<string, string> } | null;
  segments: number;
  templateVersionId: number | null;
}

export interface RenderRequest {
  channel: Channel;
  templateId?: number;
  templateVersionId?: number | null;
  literalBody?: string | null;
  literalSubject?: string | null;
  patient: { firstName: string; lastName: string; language: string } | null;
  zone: string;
  appointmentId?: number | null;
  variables?: Record<string, unknown>;
  clinic: ClinicSettings;
  unsubscribeUrl: string | null;
  now: number;
}

export function segmentsOf(channel: Channel, body: string): number {
  return channel === 'sms' ? Math.max(1, countSmsSegments(body).segments) : 1;
}

interface TemplateRow {
  versionId: number;
  content: TemplateContent;
  fallbackLanguage: string;
}

function loadTemplate(db: AppDb, templateId: number, versionId: number | null): TemplateRow {
  const t = db.$client
    .prepare('select fallback_language, current_version_id from templates where id = ? and archived = 0')
    .get(templateId) as { fallback_language: string; current_version_id: number | null } | undefined;
  if (!t) throw new DomainError('not_found', 'That template was not found');
  const vid = versionId ?? t.current_version_id;
  if (vid === null) throw validationError('That template has no saved version yet');
  const v = db.$client.prepare('select content from template_versions where id = ? and template_id = ?').get(vid, templateId) as
    | { content: string }
    | undefined;
  if (!v) throw new DomainError('not_found', 'That template version was not found');
  return { versionId: vid, content: JSON.parse(v.content) as TemplateContent, fallbackLanguage: t.fallback_language };
}

export function templatePurpose(db: AppDb, templateId: number): 'transactional' | 'marketing' | null {
  const row = db.$client.prepare('select purpose from templates where id = ?').get(templateId) as { purpose: 'transactional' | 'marketing' } | undefined;
  return row?.purpose ?? null;
}

function appointmentInput(db: AppDb, appointmentId: number | null | undefined) {
  if (appointmentId === null || appointmentId === undefined) return null;
  const a = db.$client
    .prepare('select starts_at, duration_minutes, clinician, location, reason from appointments where id = ?')
    .get(appointmentId) as { starts_at: number; duration_minutes: number; clinician: string; location: string; reason: string | null } | undefined;
  return a ? { startsAt: a.starts_at, durationMinutes: a.duration_minutes, clinician: a.clinician, location: a.location, reason: a.reason } : null;
}

/**
 * What a batch reads once instead of per recipient: each template version (parsed Liquid is
 * cached by shared/templates) and each appointment. Lives for one slice of a batch only.
 */
export interface RenderCache {
  templates: Map<string, TemplateRow>;
  appointments: Map<number, ReturnType<typeof appointmentInput>>;
}

export function newRenderCache(): RenderCache {
  return { templates: new Map(), appointments: new Map() };
}

function cachedTemplate(db: AppDb, cache: RenderCache | undefined, templateId: number, versionId: number | null): TemplateRow {
  if (!cache) return loadTemplate(db, templateId, versionId);
  const key = `${templateId}|${versionId ?? ''}`;
  let t = cache.templates.get(key);
  if (!t) {
    t = loadTemplate(db, templateId, versionId);
    cache.templates.set(key, t);
  }
  return t;
}

function cachedAppointment(db: AppDb, cache: RenderCache | undefined, appointmentId: number | null | undefined) {
  if (!cache || appointmentId === null || appointmentId === undefined) return appointmentInput(db, appointmentId);
  if (!cache.appointments.has(appointmentId)) cache.appointments.set(appointmentId, appointmentInput(db, appointmentId));
  return cache.appointments.get(appointmentId) ?? null;
}

export function renderContent(db: AppDb, r: RenderRequest, cache?: RenderCache): RenderedContent {
  const clinicBrand = { name: r.clinic.clinicName, phone: r.clinic.clinicPhone };
  const language = r.patient?.language ?? 'en';
  if (r.templateId !== undefined) {
    const t = cachedTemplate(db, cache, r.templateId, r.templateVersionId ?? null);
    const context = {
      ...buildTemplateContext(
        {
          patient: { firstName: r.patient?.firstName ?? '', lastName: r.patient?.lastName ?? '' },
          clinic: clinicBrand,
          appointment: cachedAppointment(db, cache, r.appointmentId),
          unsubscribeUrl: r.channel === 'email' ? r.unsubscribeUrl : null,
        },
        { timeZone: r.zone, language },
      ),
      ...(r.variables ?? {}),
    } as TemplateContext;
    try {
      const out = renderForChannel(t.content, r.channel, language, context, {
        timeZone: r.zone,
        clinic: clinicBrand,
        fallbackLanguage: t.fallbackLanguage,
        now: new Date(r.now),
      });
      const base = { templateVersionId: t.versionId };
      switch (out.channel) {
        case 'sms':
          return { ...base, body: out.body, subject: null, html: null, whatsappContent: null, segments: Math.max(1, out.segments.segments) };
        case 'email':
          return { ...base, body: out.text, subject: out.subject, html: out.html, whatsappContent: null, segments: 1 };
        case 'whatsapp': {
          if (out.body === null && out.contentSid === null) throw validationError('The template has no WhatsApp text or approved content');
          const wa = out.contentSid ? { contentSid: out.contentSid, variables: out.contentVariables } : null;
          return { ...base, body: out.body ?? '', subject: null, html: null, whatsappContent: wa, segments: 1 };
        }
        case 'voice':
          return { ...base, body: out.script, subject: null, html: null, whatsappContent: null, segments: 1 };
      }
    } catch (error) {
      if (error instanceof TemplateError) throw validationError(`The template could not be rendered: ${error.message}`, error.issues.map((i) => ({ path: i.path, message: i.message })));
      throw error;
    }
  }
  const body = r.literalBody ?? '';
  if (body.trim() === '') throw validationError('The message is empty');
  if (r.channel !== 'email') {
    return { body, subject: null, html: null, whatsappContent: null, segments: segmentsOf(r.channel, body), templateVersionId: null };
  }
  const layout = {
    subject: r.literalSubject ?? `A message from ${r.clinic.clinicName}`,
    body,
    language,
    clinic: clinicBrand,
    unsubscribeUrl: r.unsubscribeUrl,
  };
  return { body: emailText(layout), subject: layout.subject, html: emailHtml(layout), whatsappContent: null, segments: 1, templateVersionId: null };
}
