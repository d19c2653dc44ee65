/**
 * Validates CSV rows against a column mapping, turning each into a patient or appointment
 * candidate or a rejection with line, column, value and reason. Works in chunks with a pause
 * between them so a large file does not block the main process.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { validationError } from '../foundation/errors';
import { normaliseEmail, phoneReader } from '../../shared/phone';
import type { ColumnMapping, ImportField, ImportKind } from '../../shared/import/fields';
import { mappingProblems } from '../../shared/import/fields';
import {
  localInstant,
  readBirthDate,
  readDate,
  readDateTime,
  readDuration,
  readLanguage,
  readStatus,
  readTime,
  splitFullName,
  type CalendarDate,
} from '../../shared/import/parse-values';
import type { AppointmentStatus } from '../../shared/domain';
import type { ContactPointValues } from '../repos/patients-repo';
import type { AppointmentCandidate, Candidates, PatientCandidate } from './candidates';
import { REPLACEMENT } from './decode';
import { ImportCancelled, type CsvRow } from './read-csv';

export interface RowContext {
  kind: ImportKind;
  mapping: ColumnMapping;
  zone: string;
  country: string;
  today: CalendarDate;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const CHUNK = 2000;

/** Every problem of one row: reading goes on after a bad value so the report names them all. */
class RowProblems {
  readonly list: Array<{ column: string | null; value: string | null; reason: string }> = [];
  add(column: string | null, value: string | null, reason: string): null {
    this.list.push({ column, value, reason });
    return null;
  }
}

/** Thrown once a row is read, when it had any problem. */
class RowError extends Error {
  constructor(readonly problems: RowProblems['list']) {
    super(problems.map((p) => p.reason).join('; '));
  }
}

export async function validateCsvRows(headers: string[], rows: CsvRow[], ctx: RowContext): Promise<Candidates> {
  const problems = mappingProblems(ctx.mapping, ctx.kind);
  if (problems.length > 0) throw validationError(problems.join('; '));
  const index = new Map<ImportField, number>();
  for (const [field, header] of Object.entries(ctx.mapping.columns) as Array<[ImportField, string | undefined]>) {
    if (!header) continue;
    const i = headers.indexOf(header);
    if (i < 0) throw validationError(`The column "${header}" (mapped to ${field}) is not in this file`);
    index.set(field, i);
  }

  const out: Candidates = { patients: [], appointments: [], rejections: [], mentionedAppointmentIds: new Set(), rowCount: rows.length };
  const phone = phoneReader(ctx.country);
  // One reader for every row (not a closure per row: 100,000 rows make garbage enough).
  let cells: string[] = [];
  const cell = (field: ImportField): string => {
    const i = index.get(field);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  for (let start = 0; start < rows.length; start += CHUNK) {
    if (ctx.signal?.aborted) throw new ImportCancelled();
    for (let r = start; r < Math.min(start + CHUNK, rows.length); r++) {
      const row = rows[r] as CsvRow;
      cells = row.cells;
      const apptId = cell('appointment.externalId');
      if (apptId) out.mentionedAppointmentIds.add(apptId);
      try {
        checkEncoding(row, headers);
        const problems = new RowProblems();
        const patient = readPatient(row.line, cell, ctx, ctx.kind === 'patients', problems);
        const appointment = ctx.kind === 'patients' ? null : readAppointment(row.line, patient, cell, ctx, problems);
        if (problems.list.length > 0) throw new RowError(problems.list);
        if (ctx.kind === 'patients') out.patients.push(patient);
        else if (appointment) out.appointments.push(appointment);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        for (const p of error.problems) out.rejections.push({ line: row.line, ...p });
      }
    }
    ctx.onProgress?.(Math.min(start + CHUNK, rows.length), rows.length);
    await yieldToEventLoop();
  }
  return out;

  function header(field: ImportField): string {
    return ctx.mapping.columns[field] ?? field;
  }

  function readPatient(line: number, cell: (f: ImportField) => string, c: RowContext, namesRequired: boolean, problems: RowProblems): PatientCandidate {
    let firstName: string | null = cell('patient.firstName') || null;
    let lastName: string | null = cell('patient.lastName') || null;
    const fullName = cell('patient.fullName');
    if ((!firstName || !lastName) && fullName) {
      const split = splitFullName(fullName);
      if (!split.ok) problems.add(header('patient.fullName'), fullName, split.reason);
      else {
        firstName = firstName ?? split.value.firstName;
        lastName = lastName ?? split.value.lastName;
      }
    }
    const externalId = cell('patient.externalId') || null;
    if (namesRequired || !externalId || firstName || lastName) {
      if (!firstName) problems.add(header(c.mapping.columns['patient.firstName'] ? 'patient.firstName' : 'patient.fullName'), '', 'The first name is missing');
      if (!lastName) problems.add(header(c.mapping.columns['patient.lastName'] ? 'patient.lastName' : 'patient.fullName'), '', 'The last name is missing');
    }
    if (firstName && firstName.length > 100) problems.add(header('patient.firstName'), firstName, 'The first name is longer than 100 characters');
    if (lastName && lastName.length > 100) problems.add(header('patient.lastName'), lastName, 'The last name is longer than 100 characters');
    if (externalId && externalId.length > 64) problems.add(header('patient.externalId'), externalId, 'The patient id is longer than 64 characters');

    let dateOfBirth: string | null = null;
    const dob = cell('patient.dateOfBirth');
    if (dob) {
      const read = readBirthDate(dob, c.mapping.dateOrder, c.today);
      if (!read.ok) problems.add(header('patient.dateOfBirth'), dob, read.reason);
      else dateOfBirth = read.value;
    }
    let language: string | null = null;
    const lang = cell('patient.language');
    if (lang) {
      const read = readLanguage(lang);
      if (!read.ok) problems.add(header('patient.language'), lang, read.reason);
      else language = read.value;
    }
    const contacts: ContactPointValues[] = [];
    addPhone(contacts, cell('patient.mobile'), 'patient.mobile', 'mobile', problems);
    addPhone(contacts, cell('patient.phone'), 'patient.phone', 'home', problems);
    const email = cell('patient.email');
    if (email) {
      const read = normaliseEmail(email);
      if (!read.ok) problems.add(header('patient.email'), email, read.reason);
      else contacts.push({ kind: 'email', value: read.value, label: 'email', isPrimary: true });
    }
    return { line, externalId, firstName, lastName, dateOfBirth, language, contacts };
  }

  function addPhone(contacts: ContactPointValues[], raw: string, field: 'patient.mobile' | 'patient.phone', label: string, problems: RowProblems): void {
    if (!raw) return;
    const read = phone(raw);
    if (!read.ok) {
      problems.add(header(field), raw, read.reason);
      return;
    }
    let hasPhone = false;
    for (const x of contacts) {
      if (x.kind !== 'phone') continue;
      if (x.value === read.value) return;
      hasPhone = true;
    }
    contacts.push({ kind: 'phone', value: read.value, label, isPrimary: !hasPhone });
  }

  function readAppointment(line: number, patient: PatientCandidate, cell: (f: ImportField) => string, c: RowContext, problems: RowProblems): AppointmentCandidate | null {
    let startsAt: number | null = null;
    const dateTime = cell('appointment.dateTime');
    const date = cell('appointment.date');
    const time = cell('appointment.time');
    if (c.mapping.columns['appointment.dateTime'] && (dateTime || !date)) {
      if (!dateTime) problems.add(header('appointment.dateTime'), '', 'The appointment date and time are missing');
      else {
        const read = readDateTime(dateTime, c.mapping.dateOrder, c.zone, c.today.year + 50);
        if (!read.ok) problems.add(header('appointment.dateTime'), dateTime, read.reason);
        else startsAt = read.value;
      }
    } else {
      const d = date ? readDate(date, c.mapping.dateOrder, c.today.year + 50) : null;
      if (!date) problems.add(header('appointment.date'), '', 'The appointment date is missing');
      else if (d && !d.ok) problems.add(header('appointment.date'), date, d.reason);
      const t = time ? readTime(time) : null;
      if (!time) problems.add(header('appointment.time'), '', 'The appointment time is missing');
      else if (t && !t.ok) problems.add(header('appointment.time'), time, t.reason);
      if (d?.ok && t?.ok) {
        const at = localInstant(d.value, t.value, c.zone);
        if (!at.ok) problems.add(header('appointment.time'), time, at.reason);
        else startsAt = at.value;
      }
    }
    let durationMinutes: number | null = null;
    const duration = cell('appointment.duration');
    const endTime = cell('appointment.endTime');
    if (duration) {
      const read = readDuration(duration);
      if (!read.ok) problems.add(header('appointment.duration'), duration, read.reason);
      else durationMinutes = read.value;
    } else if (endTime) {
      const t = readTime(endTime.replace(/^.*[ T]/, ''));
      if (!t.ok) problems.add(header('appointment.endTime'), endTime, t.reason);
      else if (startsAt !== null) {
        const startLocal = new Intl.DateTimeFormat('en-GB', { timeZone: c.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);
        const [h, m] = startLocal.split(':').map(Number);
        const minutes = t.value.hour * 60 + t.value.minute - ((h ?? 0) * 60 + (m ?? 0));
        if (minutes < 5) problems.add(header('appointment.endTime'), endTime, 'The end time is not after the start time');
        else durationMinutes = minutes;
      }
    }
    const clinician = cell('appointment.clinician');
    if (c.mapping.columns['appointment.clinician'] && !clinician) problems.add(header('appointment.clinician'), '', 'The clinician is missing');
    const statusRaw = cell('appointment.status');
    const status = readStatus(statusRaw);
    if (!status.ok) problems.add(header('appointment.status'), statusRaw, status.reason);
    const externalId = cell('appointment.externalId') || null;
    if (externalId && externalId.length > 64) problems.add(header('appointment.externalId'), externalId, 'The appointment id is longer than 64 characters');
    if (startsAt === null || !status.ok) return null;
    return {
      line,
      patient,
      externalId,
      startsAt,
      durationMinutes,
      clinician: clinician ? clinician.slice(0, 100) : null,
      location: cell('appointment.location').slice(0, 100) || null,
      reason: cell('appointment.reason').slice(0, 500) || null,
      status: status.value as AppointmentStatus,
    };
  }
}

function checkEncoding(row: CsvRow, headers: string[]): void {
  const i = row.cells.findIndex((c) => c.includes(REPLACEMENT));
  if (i >= 0) {
    throw new RowError([
      {
        column: headers[i] ?? `column ${i + 1}`,
        value: row.cells[i] ?? '',
        reason: 'This row holds bytes that are not UTF-8 (it was saved in another encoding); fix it in the source system and export again',
      },
    ]);
  }
}
