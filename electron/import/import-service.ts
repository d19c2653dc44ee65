/**
 * Imports: preview → dry run (nothing changes) → apply (one transaction). A dry run's validated
 * rows wait under its job id until applied, cancelled or expired; apply plans again inside its
 * transaction, so changes made since the dry run are taken into account.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import { conflict, DomainError, notFound, validationError } from '../foundation/errors';
import type { EventBus } from '../foundation/event-bus';
import type { Logger } from '../foundation/logger';
import { appendAudit } from '../repos/audit-repo';
import type { AppointmentsService } from '../services/appointments-service';
import type { ClinicSettingsService } from '../services/clinic-settings';
import type { ColumnMapping, DateOrder, ImportKind } from '../../shared/import/fields';
import { DATE_ORDERS, IMPORT_FIELDS, defaultDateOrder } from '../../shared/import/fields';
import { guessKind, guessMapping, suggestDateOrder } from '../../shared/import/guess-mapping';
import type { ImportContent, ImportReport } from '../../shared/contract/import';
import type { Candidates } from './candidates';
import { validateCsvRows } from './csv-rows';
import { decodeBytes, type DetectedEncoding } from './decode';
import { parseFhirBundle } from './fhir-bundle';
import { loadMapping, loadPatientIndexInPages, saveMapping } from './import-repo';
import { planImport, type Plan } from './plan';
import { applyPlanInTransaction } from './apply-plan';
import { ImportCancelled, readCsv, type Separator } from './read-csv';

const JOB_LIFETIME_MS = 30 * 60_000;
const MAX_PENDING = 4;
const MAX_REJECTIONS_LISTED = 5000;

interface PendingJob {
  jobId: string;
  staffId: number | null;
  format: 'csv' | 'fhir';
  source: string;
  kind: ImportKind;
  mapping: ColumnMapping | null;
  encoding: DetectedEncoding | 'text' | null;
  separator: Separator | null;
  candidates: Candidates;
  cancelAbsent: boolean;
  expiresAt: number;
}

export interface ImportRequest {
  jobId: string;
  content: ImportContent;
  source: string;
  kind: ImportKind;
  mapping: ColumnMapping;
  cancelAbsent?: boolean;
}

export class ImportService {
  private readonly pending = new Map<string, PendingJob>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly appointments: AppointmentsService,
    private readonly clinic: ClinicSettingsService,
  ) {}

  async preview(input: { content: ImportContent; source: string; kind?: ImportKind }) {
    const decoded = this.decode(input.content);
    const { separator, headers, rows } = await readCsv(decoded.text, { maxRows: 20 });
    const kind = input.kind ?? guessKind(headers);
    const saved = this.savedMapping(input.source, kind, headers);
    let mapping = saved;
    if (!mapping) {
      const guessed = guessMapping(headers, kind, defaultDateOrder(this.clinic.get().defaultCountry));
      const cells = rows.map((r) => r.cells);
      mapping = { ...guessed, dateOrder: suggestDateOrder(guessed, headers, cells, guessed.dateOrder) };
    }
    return {
      encoding: decoded.encoding,
      separator,
      invalidCharacters: decoded.invalidCharacters,
      headers,
      rows: rows.map((r) => r.cells),
      kind,
      mapping,
      mappingFrom: saved ? ('saved' as const) : ('guessed' as const),
    };
  }

  /** Reads and checks a whole CSV file; nothing is written. */
  async dryRun(request: ImportRequest, staffId: number | null): Promise<ImportReport> {
    return this.runJob(request.jobId, async (signal) => {
      const decoded = this.decode(request.content);
      const progress = (phase: 'reading' | 'checking') => (done: number, total: number) =>
        this.events.emit('import.progress', { jobId: request.jobId, phase, done, total });
      const { separator, headers, rows } = await readCsv(decoded.text, { signal, onProgress: progress('reading') });
      const settings = this.clinic.get();
      const candidates = await validateCsvRows(headers, rows, {
        kind: request.kind,
        mapping: request.mapping,
        zone: settings.timeZone,
        country: settings.defaultCountry,
        today: this.today(),
        signal,
        onProgress: progress('checking'),
      });
      return {
        jobId: request.jobId,
        staffId,
        format: 'csv',
        source: request.source,
        kind: request.kind,
        mapping: request.mapping,
        encoding: decoded.encoding,
        separator,
        candidates,
        cancelAbsent: request.cancelAbsent ?? false,
        expiresAt: this.clock.now() + JOB_LIFETIME_MS,
      };
    });
  }

  /** Reads and checks a FHIR R4 Bundle; nothing is written. */
  async fhirDryRun(request: { jobId: string; content: ImportContent; source?: string; cancelAbsent?: boolean }, staffId: number | null): Promise<ImportReport> {
    return this.runJob(request.jobId, async () => {
      const decoded = this.decode(request.content);
      const settings = this.clinic.get();
      const candidates = parseFhirBundle(decoded.text, settings.defaultCountry, this.todayIso());
      return {
        jobId: request.jobId,
        staffId,
        format: 'fhir',
        source: request.source ?? 'fhir',
        kind: candidates.appointments.length > 0 ? 'combined' : 'patients',
        mapping: null,
        encoding: decoded.encoding,
        separator: null,
        candidates,
        cancelAbsent: request.cancelAbsent ?? false,
        expiresAt: this.clock.now() + JOB_LIFETIME_MS,
      };
    });
  }

  /**
   * Applies a dry-run job in one transaction: every valid row, or nothing. The mapping is saved
   * for the job's source in the same transaction; appointment changes are announced after commit.
   */
  apply(jobId: string, staffId: number | null, trigger: 'staff' | 'watched_folder' = 'staff'): ImportReport {
    this.expire();
    const job = this.pending.get(jobId);
    if (!job) throw notFound('That import (it was cancelled, already applied, or is more than 30 minutes old; run the check again)');
    if (trigger === 'staff' && job.staffId !== staffId) throw conflict('That import was checked by someone else; run the check again');
    this.pending.delete(jobId);
    const now = this.clock.now();
    const zone = this.clinic.get().timeZone;
    let outcome;
    try {
      outcome = applyPlanInTransaction(
        this.db,
        now,
        () => planImport(this.db, job.candidates, { cancelAbsent: job.cancelAbsent, zone, now }),
        (plan) => {
          const report = this.report(job, plan, true);
          if (job.mapping) saveMapping(this.db, job.source, job.kind, mappingToRecord(job.mapping), now);
          appendAudit(this.db, {
            at: now,
            staffId,
            action: trigger === 'staff' ? 'import.applied' : 'import.watched_folder',
            entityType: 'import',
            entityId: jobId,
            detail: { source: job.source, format: job.format, kind: job.kind, ...summary(report) },
          });
          return report;
        },
        (done, total) => this.events.emit('import.progress', { jobId, phase: 'applying', done, total }),
      );
    } catch (error) {
      this.events.emit('import.finished', { jobId, source: job.source, trigger, ok: false, message: 'The import failed and nothing was changed' });
      throw error;
    }
    this.appointments.publish(outcome.changes);
    const report = outcome.result;
    this.events.emit('import.finished', { jobId, source: job.source, trigger, ok: true, message: describe(report) });
    this.logger.info('import applied', { jobId, source: job.source, ...summary(report) });
    return report;
  }

  /** Stops a running dry run or forgets a finished one. */
  cancel(jobId: string): boolean {
    const running = this.running.get(jobId);
    if (running) running.abort();
    const had = this.pending.delete(jobId);
    return !!running || had;
  }

  /** Checks and applies a file in one go, with the saved mapping for its source (the watched folder). */
  async importUnattended(bytes: Uint8Array, fileName: string, source: string, kind: ImportKind, cancelAbsent: boolean): Promise<ImportReport> {
    const jobId = `watched-${this.clock.now()}-${Math.random().toString(36).slice(2, 10)}`;
    const content = { base64: Buffer.from(bytes).toString('base64') };
    if (/\.json$/i.test(fileName)) {
      await this.fhirDryRun({ jobId, content, source, cancelAbsent }, null);
    } else {
      const decoded = this.decode(content);
      const { headers } = await readCsv(decoded.text, { maxRows: 1 });
      const mapping = this.savedMapping(source, kind, headers);
      if (!mapping) throw validationError(`There is no saved column mapping for "${source}" (${kind}) that fits ${fileName}; import one file by hand first`);
      await this.dryRun({ jobId, content, source, kind, mapping, cancelAbsent }, null);
    }
    return this.apply(jobId, null, 'watched_folder');
  }

  private async runJob(jobId: string, work: (signal: AbortSignal) => Promise<PendingJob>): Promise<ImportReport> {
    this.expire();
    if (this.running.has(jobId) || this.pending.has(jobId)) throw conflict('An import with that job id is already running');
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      const job = await work(controller.signal);
      if (controller.signal.aborted) throw new ImportCancelled();
      const index = await loadPatientIndexInPages(this.db, () => yieldToEventLoop());
      if (controller.signal.aborted) throw new ImportCancelled();
      const plan = planImport(this.db, job.candidates, { cancelAbsent: job.cancelAbsent, zone: this.clinic.get().timeZone, now: this.clock.now() }, index);
      while (this.pending.size >= MAX_PENDING) {
        const oldest = this.pending.keys().next().value;
        if (oldest === undefined) break;
        this.pending.delete(oldest);
      }
      this.pending.set(jobId, job);
      return this.report(job, plan, false);
    } catch (error) {
      if (error instanceof ImportCancelled) throw new DomainError('conflict', 'The import check was cancelled; nothing was changed');
      throw error;
    } finally {
      this.running.delete(jobId);
    }
  }

  private report(job: PendingJob, plan: Plan, applied: boolean): ImportReport {
    const count = <T extends { op: string }>(ops: T[], op: T['op']) => ops.filter((o) => o.op === op).length;
    return {
      jobId: job.jobId,
      format: job.format,
      source: job.source,
      kind: job.kind,
      encoding: job.encoding,
      separator: job.separator,
      rowCount: job.candidates.rowCount,
      patients: { created: count(plan.patients, 'create'), updated: count(plan.patients, 'update'), unchanged: count(plan.patients, 'unchanged') },
      appointments: {
        created: count(plan.appointments, 'create'),
        moved: count(plan.appointments, 'move'),
        updated: count(plan.appointments, 'update'),
        cancelled: count(plan.appointments, 'cancel'),
        unchanged: count(plan.appointments, 'unchanged'),
        skipped: count(plan.appointments, 'skip'),
      },
      rejected: new Set(plan.rejections.map((r) => r.line)).size,
      rejections: plan.rejections.slice(0, MAX_REJECTIONS_LISTED),
      matchedByNameAndDob: plan.patients
        .filter((p) => p.matchedBy === 'nameAndDob' && p.existingId !== null)
        .map((p) => ({ line: p.line, patientId: p.existingId as number, name: `${p.values.firstName} ${p.values.lastName}` })),
      cancelledAbsent: plan.appointments
        .filter((a) => a.absent && a.before)
        .map((a) => ({ appointmentId: a.before?.id ?? 0, externalId: a.before?.externalId ?? null, startsAt: a.before?.startsAt ?? 0 })),
      coveredDays: plan.coveredDays,
      warnings: plan.warnings,
      applied,
    };
  }

  private decode(content: ImportContent): { text: string; encoding: DetectedEncoding | 'text'; invalidCharacters: number } {
    if ('text' in content) return { text: content.text.replace(/^\uFEFF/, ''), encoding: 'text', invalidCharacters: 0 };
    return decodeBytes(Buffer.from(content.base64, 'base64'));
  }

  /** The saved mapping for a source, if every column it names is in this file. */
  private savedMapping(source: string, kind: ImportKind, headers: string[]): ColumnMapping | null {
    const record = loadMapping(this.db, source, kind);
    if (!record) return null;
    const mapping = mappingFromRecord(record, defaultDateOrder(this.clinic.get().defaultCountry));
    const fits = Object.values(mapping.columns).every((h) => h !== undefined && headers.includes(h));
    return fits ? mapping : null;
  }

  private today() {
    const d = DateTime.fromMillis(this.clock.now(), { zone: this.clinic.get().timeZone });
    return { year: d.year, month: d.month, day: d.day };
  }

  private todayIso(): string {
    return DateTime.fromMillis(this.clock.now(), { zone: this.clinic.get().timeZone }).toISODate() ?? '';
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [id, job] of this.pending) if (job.expiresAt <= now) this.pending.delete(id);
  }
}

const DATE_ORDER_KEY = '@dateOrder';

export function mappingToRecord(mapping: ColumnMapping): Record<string, string> {
  const record: Record<string, string> = { [DATE_ORDER_KEY]: mapping.dateOrder };
  for (const [field, header] of Object.entries(mapping.columns)) if (header) record[field] = header;
  return record;
}

export function mappingFromRecord(record: Record<string, string>, fallback: DateOrder): ColumnMapping {
  const order = record[DATE_ORDER_KEY];
  const columns: ColumnMapping['columns'] = {};
  for (const field of IMPORT_FIELDS) if (record[field]) columns[field] = record[field];
  return { columns, dateOrder: (DATE_ORDERS as readonly string[]).includes(order ?? '') ? (order as DateOrder) : fallback };
}

function summary(r: ImportReport) {
  return { rows: r.rowCount, patients: r.patients, appointments: r.appointments, rejected: r.rejected };
}

export function describe(r: ImportReport): string {
  const p = r.patients;
  const a = r.appointments;
  const parts = [`${p.created} patients created, ${p.updated} updated, ${p.unchanged} unchanged`];
  if (a.created + a.moved + a.updated + a.cancelled + a.unchanged + a.skipped > 0) {
    parts.push(
      `${a.created} appointments created, ${a.moved} moved, ${a.updated} updated, ${a.cancelled} cancelled, ${a.unchanged} unchanged` +
        (a.skipped > 0 ? `, ${a.skipped} cancelled at source (nothing to do)` : ''),
    );
  }
  parts.push(`${r.rejected} rows rejected`);
  for (const w of r.warnings) parts.push(`warning: ${w.message}`);
  return parts.join('; ');
}
