/**
 * Templates in main: create, list, get with versions, save a new version (validated: every channel
 * of every language, strict variables), roll back (an earlier version restored as a NEW version),
 * archive, live validation and preview for a real patient and appointment from the database.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../foundation/clock';
import { conflict, notFound, validationError } from '../../foundation/errors';
import { inTransaction, type AppDb } from '../../db/database';
import { findAppointment, listAppointmentsForPatient } from '../../repos/appointments-repo';
import { findPatient } from '../../repos/patients-repo';
import type { InputOf, OutputOf } from '../../../shared/contract';
import type { TemplateDetail, TemplateSummary } from '../../../shared/contract/templates';
import type { Channel, ClinicSettings } from '../../../shared/domain';
import {
  buildTemplateContext,
  renderForChannel,
  sampleContext,
  sensitiveFieldWarnings,
  TemplateError,
  validateTemplateContent,
  TEMPLATE_VARIABLES,
  APPOINTMENT_CATEGORIES,
  type ClinicBrand,
  type ContextInput,
  type TemplateCategory,
  type TemplateContent,
  type TemplateContext,
  type TemplateValidation,
} from '../../../shared/templates';
import {
  findTemplate,
  findTemplateByName,
  findVersionById,
  findVersionByNumber,
  insertTemplate,
  insertVersion,
  latestVersionNumber,
  listTemplateRows,
  listVersions,
  updateTemplate,
  type TemplateRow,
} from './templates-repo';

const CHANNEL_ORDER: readonly Channel[] = ['sms', 'email', 'whatsapp', 'voice'];

function channelsOf(content: TemplateContent): Channel[] {
  const present = new Set<string>();
  for (const lang of Object.values(content)) for (const key of Object.keys(lang)) present.add(key);
  return CHANNEL_ORDER.filter((c) => present.has(c));
}

function issueSummary(validation: TemplateValidation): string {
  const first = validation.issues[0];
  if (!first) return 'The template is not valid';
  const more = validation.issues.length - 1;
  return `${first.message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}

export class TemplatesService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly clinic: () => ClinicSettings,
  ) {}

  list(input: InputOf<'templates.list'>): OutputOf<'templates.list'> {
    const rows = listTemplateRows(this.db, { category: input.category, includeArchived: input.includeArchived });
    const query = input.query?.trim().toLowerCase();
    const items = rows
      .filter((t) => !input.tag || t.tags.some((tag) => tag.toLowerCase() === input.tag?.toLowerCase()))
      .filter((t) => !query || t.name.toLowerCase().includes(query))
      .map((t) => this.summary(t));
    return { items };
  }

  get(id: number): TemplateDetail {
    const row = findTemplate(this.db, id);
    if (!row) throw notFound('That template');
    return this.detail(row);
  }

  validate(input: InputOf<'templates.validate'>): TemplateValidation {
    return validateTemplateContent(input.content, this.validateOptions(input.category, input.fallbackLanguage));
  }

  create(input: InputOf<'templates.create'>, actorId: number): TemplateDetail {
    const content = this.validated(input.content, input.category, input.fallbackLanguage);
    const name = input.name.trim();
    return inTransaction(this.db, () => {
      if (findTemplateByName(this.db, name)) throw conflict(`A template named "${name}" already exists`);
      const now = this.clock.now();
      const row = insertTemplate(this.db, {
        name,
        category: input.category,
        purpose: input.purpose,
        tags: input.tags ?? [],
        fallbackLanguage: input.fallbackLanguage,
        createdAt: now,
        updatedAt: now,
      });
      const version = insertVersion(this.db, {
        templateId: row.id,
        version: 1,
        content,
        note: input.note ?? null,
        createdBy: actorId,
        createdAt: now,
      });
      const updated = updateTemplate(this.db, row.id, { currentVersionId: version.id });
      return this.detail(updated ?? row);
    });
  }

  /**
   * Saves new content as a new version. Unchanged content creates no version (metadata such as the
   * name or tags may still change). `baseVersion` guards against overwriting someone else's save.
   */
  saveVersion(input: InputOf<'templates.saveVersion'>, actorId: number): TemplateDetail {
    return inTransaction(this.db, () => {
      const row = findTemplate(this.db, input.id);
      if (!row) throw notFound('That template');
      const current = row.currentVersionId !== null ? findVersionById(this.db, row.currentVersionId) : undefined;
      const currentNumber = current?.version ?? 0;
      if (input.baseVersion !== undefined && input.baseVersion !== currentNumber) {
        throw conflict(`Version ${currentNumber} was saved while you were editing version ${input.baseVersion}; reload to see it`);
      }
      const category = input.category ?? row.category;
      const fallbackLanguage = input.fallbackLanguage ?? row.fallbackLanguage;
      const content = this.validated(input.content, category, fallbackLanguage);
      const name = input.name?.trim();
      if (name && name !== row.name) {
        const clash = findTemplateByName(this.db, name);
        if (clash && clash.id !== row.id) throw conflict(`A template named "${name}" already exists`);
      }
      const now = this.clock.now();
      const patch: Partial<TemplateRow> = { updatedAt: now };
      if (name) patch.name = name;
      if (input.category) patch.category = input.category;
      if (input.purpose) patch.purpose = input.purpose;
      if (input.tags) patch.tags = input.tags;
      if (input.fallbackLanguage) patch.fallbackLanguage = input.fallbackLanguage;
      if (!current || !isDeepStrictEqual(current.content, content)) {
        const version = insertVersion(this.db, {
          templateId: row.id,
          version: latestVersionNumber(this.db, row.id) + 1,
          content,
          note: input.note ?? null,
          createdBy: actorId,
          createdAt: now,
        });
        patch.currentVersionId = version.id;
      }
      return this.detail(updateTemplate(this.db, row.id, patch) ?? row);
    });
  }

  /** Restores an earlier version's content as a new version (history is never rewritten). */
  rollback(input: InputOf<'templates.rollback'>, actorId: number): TemplateDetail {
    return inTransaction(this.db, () => {
      const row = findTemplate(this.db, input.id);
      if (!row) throw notFound('That template');
      const source = findVersionByNumber(this.db, row.id, input.version);
      if (!source) throw notFound(`Version ${input.version} of that template`);
      if (row.currentVersionId === source.id) throw conflict(`Version ${input.version} is already the current version`);
      // The old content must still be valid under today's category and fallback language.
      const content = this.validated(source.content, row.category, row.fallbackLanguage);
      const now = this.clock.now();
      const version = insertVersion(this.db, {
        templateId: row.id,
        version: latestVersionNumber(this.db, row.id) + 1,
        content,
        note: input.note ?? `Restored version ${input.version}`,
        restoredFromVersion: input.version,
        createdBy: actorId,
        createdAt: now,
      });
      return this.detail(updateTemplate(this.db, row.id, { currentVersionId: version.id, updatedAt: now }) ?? row);
    });
  }

  archive(input: InputOf<'templates.archive'>): TemplateDetail {
    const row = findTemplate(this.db, input.id);
    if (!row) throw notFound('That template');
    return this.detail(updateTemplate(this.db, row.id, { archived: input.archived, updatedAt: this.clock.now() }) ?? row);
  }

  /** Render for a real patient (and appointment) from the database, or with sample values. */
  preview(input: InputOf<'templates.preview'>): OutputOf<'templates.preview'> {
    let content: TemplateContent;
    let category: TemplateCategory;
    let fallbackLanguage: string;
    if (input.templateId !== undefined) {
      const row = findTemplate(this.db, input.templateId);
      if (!row) throw notFound('That template');
      const version =
        input.version !== undefined
          ? findVersionByNumber(this.db, row.id, input.version)
          : row.currentVersionId !== null
            ? findVersionById(this.db, row.currentVersionId)
            : undefined;
      if (!version) throw notFound(input.version !== undefined ? `Version ${input.version} of that template` : 'A saved version of that template');
      content = version.content;
      category = row.category;
      fallbackLanguage = input.fallbackLanguage ?? row.fallbackLanguage;
    } else {
      content = input.content ?? {};
      category = input.category ?? 'broadcast';
      fallbackLanguage = input.fallbackLanguage ?? 'en';
    }
    const clinic = this.clinic();
    const brand: ClinicBrand = { name: clinic.clinicName, phone: clinic.clinicPhone };
    const target = this.previewTarget(input, category, clinic);
    const language = input.language ?? target.language ?? fallbackLanguage;
    const context: TemplateContext = target.contextInput
      ? buildTemplateContext(
          { ...target.contextInput, unsubscribeUrl: input.channel === 'email' ? this.sampleUnsubscribeUrl() : null },
          { timeZone: target.timeZone, language },
        )
      : sampleContext(input.channel, category, { timeZone: target.timeZone, language, clinic: brand });
    try {
      const rendered = renderForChannel(content, input.channel, language, context, {
        timeZone: target.timeZone,
        clinic: brand,
        fallbackLanguage,
        now: new Date(this.clock.now()),
      });
      const warnings = sensitiveFieldWarnings(content, category).filter((w) => w.path.includes(`.${input.channel}.`));
      return { rendered, warnings };
    } catch (err) {
      if (err instanceof TemplateError) throw validationError(`The template cannot be shown: ${err.message}`, err.issues);
      throw err;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private validateOptions(category: TemplateCategory, fallbackLanguage: string) {
    const clinic = this.clinic();
    return { category, fallbackLanguage, timeZone: clinic.timeZone, clinic: { name: clinic.clinicName, phone: clinic.clinicPhone } };
  }

  /** Validates and returns the content to store; field-level issues when it is not valid. */
  private validated(content: TemplateContent, category: TemplateCategory, fallbackLanguage: string): TemplateContent {
    const validation = validateTemplateContent(content, this.validateOptions(category, fallbackLanguage));
    if (!validation.ok) throw validationError(issueSummary(validation), validation.issues);
    return content;
  }

  private sampleUnsubscribeUrl(): string {
    return String(TEMPLATE_VARIABLES.find((v) => v.path === 'unsubscribeUrl')?.sample ?? '');
  }

  private previewTarget(
    input: InputOf<'templates.preview'>,
    category: TemplateCategory,
    clinic: ClinicSettings,
  ): { contextInput: Omit<ContextInput, 'unsubscribeUrl'> | null; timeZone: string; language: string | null } {
    if (input.patientId === undefined) {
      if (input.appointmentId !== undefined) throw validationError('Choose the patient of that appointment', [{ path: 'patientId', message: 'Required with an appointment' }]);
      return { contextInput: null, timeZone: clinic.timeZone, language: null };
    }
    const patient = findPatient(this.db, input.patientId);
    if (!patient) throw notFound('That patient');
    let appointment = input.appointmentId !== undefined ? findAppointment(this.db, input.appointmentId) : undefined;
    if (input.appointmentId !== undefined) {
      if (!appointment) throw notFound('That appointment');
      if (appointment.patientId !== patient.id) {
        throw validationError('That appointment belongs to another patient', [{ path: 'appointmentId', message: 'Not this patient’s appointment' }]);
      }
    }
    if (!appointment && APPOINTMENT_CATEGORIES.includes(category)) {
      // The next upcoming appointment, else the most recent one.
      const now = this.clock.now();
      const all = listAppointmentsForPatient(this.db, patient.id).filter((a) => a.status !== 'cancelled');
      const upcoming = all.filter((a) => a.startsAt >= now).sort((a, b) => a.startsAt - b.startsAt)[0];
      const pick = upcoming ?? all[0];
      appointment = pick ? findAppointment(this.db, pick.id) : undefined;
      if (!appointment) {
        throw validationError('This patient has no appointment to preview an appointment template with', [
          { path: 'appointmentId', message: 'No appointment' },
        ]);
      }
    }
    return {
      contextInput: {
        patient: { firstName: patient.firstName, lastName: patient.lastName },
        clinic: { name: clinic.clinicName, phone: clinic.clinicPhone },
        appointment: appointment
          ? {
              startsAt: appointment.startsAt,
              durationMinutes: appointment.durationMinutes,
              clinician: appointment.clinician,
              location: appointment.location,
              reason: appointment.reason,
            }
          : null,
      },
      timeZone: patient.timeZone ?? clinic.timeZone,
      language: patient.language,
    };
  }

  private summary(row: TemplateRow): TemplateSummary {
    const current = row.currentVersionId !== null ? findVersionById(this.db, row.currentVersionId) : undefined;
    const content = current?.content ?? {};
    return {
      id: row.id,
      name: row.name,
      category: row.category,
      purpose: row.purpose,
      tags: row.tags,
      fallbackLanguage: row.fallbackLanguage,
      archived: row.archived,
      currentVersion: current?.version ?? 0,
      languages: Object.keys(content),
      channels: channelsOf(content),
      updatedAt: row.updatedAt,
    };
  }

  private detail(row: TemplateRow): TemplateDetail {
    const versions = listVersions(this.db, row.id);
    const current = versions.find((v) => v.id === row.currentVersionId);
    return {
      ...this.summary(row),
      currentVersionId: row.currentVersionId,
      content: current?.content ?? {},
      versions: versions.map((v) => ({
        id: v.id,
        version: v.version,
        content: v.content,
        note: v.note,
        restoredFromVersion: v.restoredFromVersion,
        createdBy: v.createdBy,
        createdByName: v.createdByName,
        createdAt: v.createdAt,
      })),
    };
  }
}
