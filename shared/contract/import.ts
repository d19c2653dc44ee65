/**
 * Import (CSV, FHIR R4 Bundle) and export (CSV, FHIR Bundle) calls. An import is previewed,
 * dry-run (nothing changes; the report lists every rejected row), then applied by its job id in
 * one transaction. Imports and whole-database exports need a manager; one patient's message
 * history can be exported by a receptionist (a patient asking for a copy). Every export is audited.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { idSchema, instantSchema, isoDateSchema } from '../domain';
import { DATE_ORDERS, IMPORT_FIELDS, IMPORT_KINDS } from '../import/fields';

/** 64 MiB of text: about 500,000 patient rows. */
const MAX_CONTENT = 64 * 1024 * 1024;

export const importContentSchema = z.union([
  z.object({ base64: z.string().max(MAX_CONTENT).regex(/^[A-Za-z0-9+/=\s]*$/, 'Not base64') }).strict(),
  z.object({ text: z.string().max(MAX_CONTENT) }).strict(),
]);
export type ImportContent = z.infer<typeof importContentSchema>;

export const columnMappingSchema = z
  .object({
    columns: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1).max(200)),
    dateOrder: z.enum(DATE_ORDERS),
  })
  .strict();

const jobId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'A job id is 8 to 64 letters, digits or dashes');
const source = z.string().trim().min(1, 'Name the source system').max(60);
const kind = z.enum(IMPORT_KINDS);
const encoding = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'windows-1252', 'text']);
const separator = z.enum([',', ';', '\t']);

export const rejectionSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});

export const importReportSchema = z.object({
  jobId,
  format: z.enum(['csv', 'fhir']),
  source: z.string(),
  kind,
  encoding: encoding.nullable(),
  separator: separator.nullable(),
  rowCount: z.number().int(),
  patients: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  appointments: z.object({
    created: z.number().int(),
    moved: z.number().int(),
    updated: z.number().int(),
    cancelled: z.number().int(),
    unchanged: z.number().int(),
    /** Rows cancelled at source for an appointment Frontdesk never had: nothing to book or cancel. */
    skipped: z.number().int(),
  }),
  /** Rows with at least one problem (each problem is its own entry in `rejections`). */
  rejected: z.number().int(),
  /** Every rejected row (the first 5,000 when there are more; `rejected` has the total). */
  rejections: z.array(rejectionSchema),
  /** Rows whose patient was found by name and date of birth rather than by id. */
  matchedByNameAndDob: z.array(z.object({ line: z.number().int(), patientId: idSchema, name: z.string() })),
  /** Appointments cancelled because a full-day export no longer lists them. */
  cancelledAbsent: z.array(z.object({ appointmentId: idSchema, externalId: z.string().nullable(), startsAt: instantSchema })),
  coveredDays: z.array(z.string()),
  /** Imported all the same, but worth a look: appointments in the past, a clinician booked twice at once. */
  warnings: z.array(
    z.object({ code: z.enum(['past_appointments', 'overlapping_bookings']), count: z.number().int(), message: z.string(), lines: z.array(z.number().int()) }),
  ),
  applied: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

const dryRunOptions = z
  .object({
    /** For a full-day appointment export: cancel imported appointments missing on the days it covers. */
    cancelAbsent: z.boolean().optional(),
  })
  .strict();

export const importSettingsSchema = z.object({
  /** Folder the practice system drops its nightly export into; null turns the watcher off. */
  watchedFolder: z.string().trim().min(1).max(1000).nullable(),
  /** The source whose saved mapping files in the folder use. */
  source,
  kind,
  cancelAbsent: z.boolean(),
  pollSeconds: z.number().int().min(5).max(3600),
});
export type ImportSettings = z.infer<typeof importSettingsSchema>;

export const watchedResultSchema = z.object({
  file: z.string(),
  at: instantSchema,
  ok: z.boolean(),
  message: z.string(),
  report: importReportSchema.nullable(),
});
export type WatchedResult = z.infer<typeof watchedResultSchema>;

const csvExport = z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() });

export const importCalls = {
  'import.preview': defineCall({
    input: z.object({ content: importContentSchema, source, kind: kind.optional() }).strict(),
    output: z.object({
      encoding,
      separator,
      invalidCharacters: z.number().int(),
      headers: z.array(z.string()),
      rows: z.array(z.array(z.string())),
      kind,
      mapping: columnMappingSchema,
      mappingFrom: z.enum(['saved', 'guessed']),
    }),
    access: 'manager',
    mutates: false,
    summary: 'Read the start of a CSV file: encoding, separator, headers, first rows and a column mapping (saved for this source, or guessed).',
  }),
  'import.dryRun': defineCall({
    input: z
      .object({ jobId, content: importContentSchema, source, kind, mapping: columnMappingSchema, options: dryRunOptions.optional() })
      .strict(),
    output: importReportSchema,
    access: 'manager',
    mutates: false,
    summary: 'Check a whole CSV file against the database without changing anything: what would be created, updated, cancelled and rejected (and why).',
  }),
  'import.fhirDryRun': defineCall({
    input: z.object({ jobId, content: importContentSchema, source: source.optional(), options: dryRunOptions.optional() }).strict(),
    output: importReportSchema,
    access: 'manager',
    mutates: false,
    summary: 'Check a FHIR R4 Bundle of Patient and Appointment resources the same way.',
  }),
  'import.apply': defineCall({
    input: z.object({ jobId }).strict(),
    output: importReportSchema,
    access: 'manager',
    mutates: true,
    summary: 'Apply a dry-run import in one transaction (all valid rows or nothing); saves the column mapping for its source.',
  }),
  'import.cancel': defineCall({
    input: z.object({ jobId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    access: 'manager',
    mutates: false,
    summary: 'Stop a running dry run, or discard a finished one so it can no longer be applied.',
  }),
  'importSettings.get': defineCall({
    input: z.object({}).strict(),
    output: z.object({ settings: importSettingsSchema, lastWatchedResult: watchedResultSchema.nullable() }),
    access: 'manager',
    mutates: false,
    summary: 'The watched-folder settings and the last file it imported.',
  }),
  'importSettings.update': defineCall({
    input: importSettingsSchema.partial().strict(),
    output: z.object({ settings: importSettingsSchema, lastWatchedResult: watchedResultSchema.nullable() }),
    access: 'admin',
    mutates: true,
    summary: 'Change the watched folder (null turns it off), its source, kind and polling interval.',
  }),
  'export.patients': defineCall({
    input: z.object({ includeArchived: z.boolean().optional() }).strict(),
    output: csvExport,
    access: 'manager',
    mutates: false,
    summary: 'All patients with contact points and consent per channel and purpose, as CSV (audited).',
  }),
  'export.appointments': defineCall({
    input: z.object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() }).strict(),
    output: csvExport,
    access: 'manager',
    mutates: false,
    summary: 'Appointments with status and confirmation, as CSV; days in the clinic’s time zone, `to` inclusive (audited).',
  }),
  'export.messages': defineCall({
    input: z.object({}).strict(),
    output: csvExport,
    access: 'manager',
    mutates: false,
    summary: 'The full message history with delivery states, as CSV (audited).',
  }),
  'export.patientMessages': defineCall({
    input: z.object({ patientId: idSchema }).strict(),
    output: csvExport,
    access: 'receptionist',
    mutates: false,
    summary: 'One patient’s message history, as CSV (audited).',
  }),
  'export.fhir': defineCall({
    input: z.object({}).strict(),
    output: z.object({ fileName: z.string(), json: z.string(), patients: z.number().int(), appointments: z.number().int() }),
    access: 'manager',
    mutates: false,
    summary: 'All patients and appointments as a FHIR R4 Bundle (audited).',
  }),
};
