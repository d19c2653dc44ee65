/**
 * Deciding what an import will do, against the database as it is now: which patients are new,
 * updated or unchanged (matched by external id, then by name + date of birth), which
 * appointments are created, moved, updated or cancelled, and which rows are rejected and why.
 * Pure reads: the dry run shows this plan, and apply recomputes it inside its transaction.
 */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import type { AppointmentRow } from '../repos/appointments-repo';
import type { ContactPointValues } from '../repos/patients-repo';
import type { AppointmentStatus } from '../../shared/domain';
import type { AppointmentCandidate, Candidates, PatientCandidate, Rejection } from './candidates';
import {
  findAppointmentsAt,
  hasContact,
  hasPrimary,
  listOpenAppointmentsBetween,
  listOpenImportedAppointmentsBetween,
  loadAppointmentsByExternalId,
  loadPatientIndex,
  nameDobKey,
  type IndexedPatient,
  type PatientIndex,
} from './import-repo';

export type MatchedBy = 'externalId' | 'nameAndDob';

export interface PatientOp {
  op: 'create' | 'update' | 'unchanged';
  line: number;
  /** Index of this op in the plan, for appointments of patients created by the same import. */
  ref: number;
  existingId: number | null;
  matchedBy: MatchedBy | null;
  values: { firstName: string; lastName: string; dateOfBirth: string | null; externalId: string | null; language: string };
  newContacts: ContactPointValues[];
  changes: string[];
}

export interface AppointmentOp {
  /** skip: a row cancelled at source for an appointment Frontdesk never had (nothing to do). */
  op: 'create' | 'move' | 'update' | 'cancel' | 'unchanged' | 'skip';
  line: number | null;
  patient: { existingId: number } | { ref: number };
  before: AppointmentRow | null;
  values: {
    externalId: string | null;
    startsAt: number;
    durationMinutes: number;
    clinician: string;
    location: string;
    reason: string | null;
    status: AppointmentStatus;
  };
  changes: string[];
  /** Cancelled because it is missing from a full-day export. */
  absent?: boolean;
}

export interface PlanOptions {
  /** Cancel open imported appointments missing from the file on the days it covers. */
  cancelAbsent: boolean;
  zone: string;
  /** For the warnings: bookings before this instant are in the past. */
  now: number;
}

/** Not a refusal: the import goes ahead, the report says what looks wrong. */
export interface PlanWarning {
  code: 'past_appointments' | 'overlapping_bookings';
  count: number;
  message: string;
  /** File lines concerned (the first 100). */
  lines: number[];
}

export interface Plan {
  patients: PatientOp[];
  appointments: AppointmentOp[];
  rejections: Rejection[];
  coveredDays: string[];
  warnings: PlanWarning[];
}

export function planImport(db: AppDb, candidates: Candidates, options: PlanOptions, preloaded?: PatientIndex): Plan {
  const index = preloaded ?? loadPatientIndex(db);
  const rejections: Rejection[] = [...candidates.rejections];
  const patientOps: PatientOp[] = [];
  const fileByExternalId = new Map<string, PatientOp>();
  const fileByNameDob = new Map<string, PatientOp>();
  const claimed = new Map<number, PatientOp>();

  const reject = (line: number, column: string | null, value: string | null, reason: string) => {
    rejections.push({ line, column, value, reason });
    return null;
  };

  /** The op for this row's patient: an existing one from earlier in the file, or a new one. */
  function patientFor(c: PatientCandidate, ownRow: boolean): PatientOp | null {
    const known = c.externalId ? index.byExternalId.get(c.externalId) : undefined;
    // The name + date of birth key is for rows without an id (matched within the file and in
    // Frontdesk) and for ids Frontdesk does not know (matched in Frontdesk, so only if it has
    // patients): a re-import of known ids, or a first import with ids, builds none.
    const key = (!c.externalId || (!known && index.byId.size > 0)) && c.firstName && c.lastName ? nameDobKey(c.firstName, c.lastName, c.dateOfBirth) : null;
    const earlier = (c.externalId && fileByExternalId.get(c.externalId)) || (!c.externalId && key && fileByNameDob.get(key)) || null;
    if (earlier) {
      if (!ownRow) return earlier;
      return c.externalId
        ? reject(c.line, 'patient id', c.externalId, `The patient id ${c.externalId} is also on line ${earlier.line}`)
        : reject(c.line, 'name and date of birth', `${c.firstName} ${c.lastName} ${c.dateOfBirth ?? ''}`.trim(), `The same patient (name and date of birth, no id) is also on line ${earlier.line}`);
    }
    let existing: IndexedPatient | undefined;
    let matchedBy: MatchedBy | null = null;
    if (known) {
      existing = known;
      matchedBy = 'externalId';
    }
    if (!existing && key) {
      const sameNameDob = (index.byNameDob.get(key) ?? []).filter((p) => !p.externalId || p.externalId === c.externalId);
      if (sameNameDob.length > 1) {
        return reject(c.line, 'name and date of birth', `${c.firstName} ${c.lastName} ${c.dateOfBirth ?? ''}`.trim(),
          `${sameNameDob.length} patients in Frontdesk have this name and date of birth; add the patient id to the file to tell them apart`);
      }
      existing = sameNameDob[0];
      if (existing) matchedBy = 'nameAndDob';
    }
    if (existing) {
      const other = claimed.get(existing.id);
      if (other) return reject(c.line, 'patient', `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim(), `Line ${other.line} already updates the same patient`);
    }
    if (!existing && (!c.firstName || !c.lastName)) {
      return reject(c.line, 'patient id', c.externalId, `No patient has the id ${c.externalId ?? '(empty)'}, and the row has no name to create one`);
    }
    const op = existing ? updateOp(existing, c, matchedBy, index, patientOps.length) : createOp(c, patientOps.length);
    patientOps.push(op);
    if (existing) claimed.set(existing.id, op);
    if (op.values.externalId) fileByExternalId.set(op.values.externalId, op);
    if (key && !c.externalId) fileByNameDob.set(key, op);
    return op;
  }

  for (const c of candidates.patients) patientFor(c, true);

  const apptByExternalId = loadAppointmentsByExternalId(db);
  const appointmentOps: AppointmentOp[] = [];
  const fileAppointmentIds = new Map<string, number>();
  const touchedAppointmentIds = new Set<number>();
  for (const a of candidates.appointments) {
    if (a.externalId) {
      const line = fileAppointmentIds.get(a.externalId);
      if (line !== undefined) {
        reject(a.line, 'appointment id', a.externalId, `The appointment id ${a.externalId} is also on line ${line}`);
        continue;
      }
      fileAppointmentIds.set(a.externalId, a.line);
    }
    const p = patientFor(a.patient, false);
    if (!p) continue;
    const patient = p.existingId !== null ? { existingId: p.existingId } : { ref: p.ref };
    let before: AppointmentRow | undefined = a.externalId ? apptByExternalId.get(a.externalId) : undefined;
    if (!before && !a.externalId && p.existingId !== null) {
      before = findAppointmentsAt(db, p.existingId, a.startsAt).find((r) => !touchedAppointmentIds.has(r.id));
    }
    // A cancellation for an id Frontdesk does not know still cancels the patient's open booking at
    // that time made in Frontdesk (no id of its own): the practice system cancelled that visit.
    if (!before && a.externalId && a.status === 'cancelled' && p.existingId !== null) {
      before = findAppointmentsAt(db, p.existingId, a.startsAt).find((r) => !touchedAppointmentIds.has(r.id) && r.externalId === null && r.status !== 'cancelled');
    }
    if (before && p.existingId !== before.patientId) {
      reject(a.line, 'appointment id', a.externalId, `Appointment ${a.externalId ?? ''} belongs to another patient in Frontdesk`);
      continue;
    }
    const op = appointmentOp(a, patient, before ?? null);
    if (!op) continue;
    if (op.op === 'create' && p.existingId !== null && index.byId.get(p.existingId)?.archived) {
      reject(a.line, 'patient', `${p.values.firstName} ${p.values.lastName}`, 'This patient is archived in Frontdesk; restore them before importing their appointments');
      continue;
    }
    if (before) touchedAppointmentIds.add(before.id);
    appointmentOps.push(op);
  }

  const coveredDays = [...new Set(candidates.appointments.map((a) => DateTime.fromMillis(a.startsAt, { zone: options.zone }).toISODate() ?? ''))].sort();
  if (options.cancelAbsent && coveredDays.length > 0) {
    const first = coveredDays[0] ?? '';
    const last = coveredDays[coveredDays.length - 1] ?? '';
    const from = DateTime.fromISO(first, { zone: options.zone }).startOf('day').toMillis();
    const to = DateTime.fromISO(last, { zone: options.zone }).plus({ days: 1 }).startOf('day').toMillis();
    const days = new Set(coveredDays);
    for (const row of listOpenImportedAppointmentsBetween(db, from, to)) {
      if (touchedAppointmentIds.has(row.id)) continue;
      if (row.externalId && candidates.mentionedAppointmentIds.has(row.externalId)) continue;
      if (!days.has(DateTime.fromMillis(row.startsAt, { zone: options.zone }).toISODate() ?? '')) continue;
      appointmentOps.push({
        op: 'cancel',
        line: null,
        patient: { existingId: row.patientId },
        before: row,
        values: { ...valuesOf(row), status: 'cancelled' },
        changes: ['not in the file for that day'],
        absent: true,
      });
    }
  }

  return {
    patients: patientOps,
    appointments: appointmentOps,
    rejections: rejections.sort((x, y) => x.line - y.line),
    coveredDays,
    warnings: planWarnings(db, appointmentOps, options.now),
  };

  function appointmentOp(a: AppointmentCandidate, patient: AppointmentOp['patient'], before: AppointmentRow | null): AppointmentOp | null {
    const values: AppointmentOp['values'] = {
      externalId: a.externalId,
      startsAt: a.startsAt,
      durationMinutes: a.durationMinutes ?? before?.durationMinutes ?? 30,
      clinician: a.clinician ?? before?.clinician ?? '',
      location: a.location ?? before?.location ?? '',
      reason: a.reason ?? before?.reason ?? null,
      status: a.status,
    };
    if (!before) {
      if (a.status === 'cancelled') return { op: 'skip', line: a.line, patient, before: null, values, changes: ['cancelled in the file; nothing to book'] };
      return { op: 'create', line: a.line, patient, before: null, values, changes: [] };
    }
    if (before.status === 'cancelled') {
      if (a.status === 'cancelled') return { op: 'unchanged', line: a.line, patient, before, values: valuesOf(before), changes: [] };
      reject(a.line, 'appointment status', a.status, 'This appointment is cancelled in Frontdesk; book it again there, or give it a new id in the source system');
      return null;
    }
    if (a.status === 'cancelled') return { op: 'cancel', line: a.line, patient, before, values: { ...valuesOf(before), status: 'cancelled' }, changes: ['cancelled'] };
    // A "booked" row never undoes a confirmation the patient gave Frontdesk.
    if (a.status === 'booked' && before.status === 'confirmed') values.status = 'confirmed';
    const changes: string[] = [];
    if (values.startsAt !== before.startsAt) changes.push('start');
    if (values.durationMinutes !== before.durationMinutes) changes.push('duration');
    if (values.clinician !== before.clinician) changes.push('clinician');
    if (values.location !== before.location) changes.push('location');
    if (values.reason !== before.reason) changes.push('reason');
    if (values.status !== before.status && !(changes.includes('start') && values.status === 'booked')) changes.push('status');
    if (changes.length === 0) return { op: 'unchanged', line: a.line, patient, before, values, changes };
    return { op: changes.includes('start') ? 'move' : 'update', line: a.line, patient, before, values, changes };
  }
}

const BOOKING_OPS = new Set<AppointmentOp['op']>(['create', 'move', 'update']);
const LIVE = new Set<AppointmentStatus>(['booked', 'confirmed']);

/** Past bookings and a clinician booked twice at once: said in the report, imported all the same. */
function planWarnings(db: AppDb, ops: AppointmentOp[], now: number): PlanWarning[] {
  const booked = ops.filter((o) => BOOKING_OPS.has(o.op) && LIVE.has(o.values.status));
  const warnings: PlanWarning[] = [];
  const lines = (list: AppointmentOp[]) => [...new Set(list.flatMap((o) => (o.line === null ? [] : [o.line])))].sort((a, b) => a - b).slice(0, 100);
  const past = booked.filter((o) => o.values.startsAt < now);
  if (past.length > 0) {
    warnings.push({
      code: 'past_appointments',
      count: past.length,
      message: `${past.length} ${past.length === 1 ? 'appointment is' : 'appointments are'} in the past; no reminders go out for ${past.length === 1 ? 'it' : 'them'}. Check the file is the current export.`,
      lines: lines(past),
    });
  }
  const overlapping = overlaps(db, booked);
  if (overlapping.length > 0) {
    warnings.push({
      code: 'overlapping_bookings',
      count: overlapping.length,
      message: `${overlapping.length} ${overlapping.length === 1 ? 'booking overlaps' : 'bookings overlap'} another booking of the same clinician.`,
      lines: lines(overlapping),
    });
  }
  return warnings;
}

/** File bookings that overlap another file booking or an open Frontdesk booking of the same clinician. */
function overlaps(db: AppDb, booked: AppointmentOp[]): AppointmentOp[] {
  if (booked.length === 0) return [];
  const end = (o: { startsAt: number; durationMinutes: number }) => o.startsAt + o.durationMinutes * 60_000;
  const from = Math.min(...booked.map((o) => o.values.startsAt));
  const to = Math.max(...booked.map((o) => end(o.values)));
  const replaced = new Set(booked.flatMap((o) => (o.before ? [o.before.id] : [])));
  const existing = listOpenAppointmentsBetween(db, from - 24 * 60 * 60_000, to).filter((r) => !replaced.has(r.id));
  const byClinician = new Map<string, Array<{ startsAt: number; durationMinutes: number; op: AppointmentOp | null }>>();
  for (const o of booked) {
    const list = byClinician.get(o.values.clinician) ?? [];
    list.push({ ...o.values, op: o });
    byClinician.set(o.values.clinician, list);
  }
  for (const r of existing) byClinician.get(r.clinician)?.push({ startsAt: r.startsAt, durationMinutes: r.durationMinutes, op: null });
  const hit = new Set<AppointmentOp>();
  for (const list of byClinician.values()) {
    list.sort((a, b) => a.startsAt - b.startsAt);
    let reach: { end: number; item: (typeof list)[number] } | null = null;
    for (const item of list) {
      if (reach && item.startsAt < reach.end) {
        if (item.op) hit.add(item.op);
        if (reach.item.op) hit.add(reach.item.op);
      }
      if (!reach || end(item) > reach.end) reach = { end: end(item), item };
    }
  }
  return booked.filter((o) => hit.has(o));
}

function valuesOf(row: AppointmentRow): AppointmentOp['values'] {
  return {
    externalId: row.externalId,
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    clinician: row.clinician,
    location: row.location,
    reason: row.reason,
    status: row.status,
  };
}

function createOp(c: PatientCandidate, ref: number): PatientOp {
  return {
    op: 'create',
    line: c.line,
    ref,
    existingId: null,
    matchedBy: null,
    values: {
      firstName: c.firstName ?? '',
      lastName: c.lastName ?? '',
      dateOfBirth: c.dateOfBirth,
      externalId: c.externalId,
      language: c.language ?? 'en',
    },
    newContacts: c.contacts,
    changes: [],
  };
}

function updateOp(existing: IndexedPatient, c: PatientCandidate, matchedBy: MatchedBy | null, index: PatientIndex, ref: number): PatientOp {
  const values = {
    firstName: c.firstName ?? existing.firstName,
    lastName: c.lastName ?? existing.lastName,
    dateOfBirth: c.dateOfBirth ?? existing.dateOfBirth,
    externalId: c.externalId ?? existing.externalId,
    language: c.language ?? existing.language,
  };
  const changes: string[] = [];
  if (values.firstName !== existing.firstName) changes.push('first name');
  if (values.lastName !== existing.lastName) changes.push('last name');
  if (values.dateOfBirth !== existing.dateOfBirth) changes.push('date of birth');
  if (values.externalId !== existing.externalId) changes.push('patient id');
  if (values.language !== existing.language) changes.push('language');
  // Imported phones and emails are added; ones staff entered in Frontdesk are kept.
  const have = index.contacts.get(existing.id);
  const newContacts: ContactPointValues[] = [];
  for (const x of c.contacts) {
    if (have && hasContact(have, x.kind, x.value)) continue;
    newContacts.push({ ...x, isPrimary: x.isPrimary && !hasPrimary(index, existing.id, x.kind) });
  }
  if (newContacts.length > 0) changes.push(newContacts.length === 1 ? 'a new contact point' : `${newContacts.length} new contact points`);
  return {
    op: changes.length > 0 ? 'update' : 'unchanged',
    line: c.line,
    ref,
    existingId: existing.id,
    matchedBy,
    values,
    newContacts,
    changes,
  };
}
