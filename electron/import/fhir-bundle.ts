/**
 * FHIR R4 Bundle → import candidates: Patient (name, birthDate, identifier, telecom,
 * communication) and Appointment (participant Patient reference, start, minutesDuration or end,
 * status, practitioner and location display). Each entry's position in the Bundle stands in for
 * a line number in the report.
 */
import { z } from 'zod';
import { validationError } from '../foundation/errors';
import { normaliseEmail, normalisePhone } from '../../shared/phone';
import { readLanguage } from '../../shared/import/parse-values';
import type { AppointmentStatus } from '../../shared/domain';
import type { ContactPointValues } from '../repos/patients-repo';
import type { AppointmentCandidate, Candidates, PatientCandidate } from './candidates';

const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const codeable = z.object({ coding: z.array(coding).optional(), text: z.string().optional() });
const reference = z.object({ reference: z.string().optional(), type: z.string().optional(), display: z.string().optional(), identifier: z.object({ value: z.string().optional() }).optional() });
const identifier = z.object({ type: codeable.optional(), system: z.string().optional(), value: z.string().optional() });

const patientSchema = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().optional(),
  identifier: z.array(identifier).optional(),
  name: z.array(z.object({ use: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional(), text: z.string().optional() })).optional(),
  birthDate: z.string().optional(),
  telecom: z.array(z.object({ system: z.string().optional(), value: z.string().optional(), use: z.string().optional(), rank: z.number().optional() })).optional(),
  communication: z.array(z.object({ language: codeable, preferred: z.boolean().optional() })).optional(),
});
type FhirPatient = z.infer<typeof patientSchema>;

const appointmentSchema = z.object({
  resourceType: z.literal('Appointment'),
  id: z.string().optional(),
  identifier: z.array(identifier).optional(),
  status: z.string(),
  description: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  minutesDuration: z.number().optional(),
  participant: z.array(z.object({ type: z.array(codeable).optional(), actor: reference.optional(), status: z.string().optional() })).optional(),
});
type FhirAppointment = z.infer<typeof appointmentSchema>;

const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.object({ fullUrl: z.string().optional(), resource: z.object({ resourceType: z.string() }).loose().optional() })).optional(),
});

const STATUS: Record<string, AppointmentStatus> = {
  proposed: 'booked',
  pending: 'booked',
  booked: 'booked',
  arrived: 'completed',
  'checked-in': 'completed',
  fulfilled: 'completed',
  cancelled: 'cancelled',
  'entered-in-error': 'cancelled',
  noshow: 'no_show',
};

class EntryError extends Error {
  constructor(
    readonly column: string,
    readonly value: string | null,
    reason: string,
  ) {
    super(reason);
  }
}

export function parseFhirBundle(text: string, country: string, todayIso: string): Candidates {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw validationError(`The file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bundle = bundleSchema.safeParse(json);
  if (!bundle.success) throw validationError('The file is not a FHIR Bundle (resourceType "Bundle" with entries)');
  const entries = bundle.data.entry ?? [];
  const out: Candidates = { patients: [], appointments: [], rejections: [], mentionedAppointmentIds: new Set(), rowCount: entries.length };
  const byReference = new Map<string, PatientCandidate>();
  const rejectedReferences = new Set<string>();
  const line = (i: number) => i + 1;

  entries.forEach((entry, i) => {
    if (entry.resource?.resourceType !== 'Patient') return;
    const refs = [entry.fullUrl, entry.resource.id === undefined ? undefined : `Patient/${String(entry.resource.id)}`].filter((r): r is string => !!r);
    try {
      const parsed = patientSchema.safeParse(entry.resource);
      if (!parsed.success) throw new EntryError('Patient', null, `Not a valid Patient resource: ${parsed.error.issues[0]?.message ?? ''}`);
      const candidate = readPatient(parsed.data, line(i), country, todayIso);
      out.patients.push(candidate);
      for (const r of refs) byReference.set(r, candidate);
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      for (const r of refs) rejectedReferences.add(r);
      out.rejections.push({ line: line(i), column: error.column, value: error.value, reason: error.message });
    }
  });

  entries.forEach((entry, i) => {
    const type = entry.resource?.resourceType;
    if (type === 'Patient') return;
    try {
      if (type !== 'Appointment') {
        // Practitioners, locations and the like are read through the appointments that name them.
        return;
      }
      const parsed = appointmentSchema.safeParse(entry.resource);
      if (!parsed.success) throw new EntryError('Appointment', null, `Not a valid Appointment resource: ${parsed.error.issues[0]?.message ?? ''}`);
      const externalId = appointmentId(parsed.data);
      if (externalId) out.mentionedAppointmentIds.add(externalId);
      out.appointments.push(readAppointment(parsed.data, line(i), externalId, byReference, rejectedReferences));
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      out.rejections.push({ line: line(i), column: error.column, value: error.value, reason: error.message });
    }
  });
  return out;
}

function medicalRecordNumber(p: FhirPatient): string | null {
  const ids = (p.identifier ?? []).filter((x) => x.value);
  const mr = ids.find((x) => x.type?.coding?.some((c) => c.code === 'MR'));
  return (mr ?? ids[0])?.value?.trim() || null;
}

function readPatient(p: FhirPatient, line: number, country: string, todayIso: string): PatientCandidate {
  const names = p.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0];
  const firstName = (name?.given ?? []).join(' ').trim();
  const lastName = (name?.family ?? '').trim();
  if (!firstName || !lastName) throw new EntryError('Patient.name', name?.text ?? null, 'The patient needs a family name and a given name');
  let dateOfBirth: string | null = null;
  if (p.birthDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) || Number.isNaN(Date.parse(`${p.birthDate}T00:00:00Z`)) || new Date(`${p.birthDate}T00:00:00Z`).toISOString().slice(0, 10) !== p.birthDate) {
      throw new EntryError('Patient.birthDate', p.birthDate, 'The birth date must be a full date (YYYY-MM-DD)');
    }
    if (p.birthDate > todayIso) throw new EntryError('Patient.birthDate', p.birthDate, 'The birth date is in the future');
    dateOfBirth = p.birthDate;
  }
  const contacts: ContactPointValues[] = [];
  for (const t of p.telecom ?? []) {
    if (!t.value) continue;
    if (t.system === 'phone' || t.system === 'sms') {
      const read = normalisePhone(t.value, country);
      if (!read.ok) throw new EntryError('Patient.telecom', t.value, read.reason);
      if (contacts.some((c) => c.kind === 'phone' && c.value === read.value)) continue;
      contacts.push({ kind: 'phone', value: read.value, label: t.use === 'mobile' ? 'mobile' : (t.use ?? 'home'), isPrimary: !contacts.some((c) => c.kind === 'phone') });
    } else if (t.system === 'email') {
      const read = normaliseEmail(t.value);
      if (!read.ok) throw new EntryError('Patient.telecom', t.value, read.reason);
      if (contacts.some((c) => c.kind === 'email' && c.value === read.value)) continue;
      contacts.push({ kind: 'email', value: read.value, label: 'email', isPrimary: !contacts.some((c) => c.kind === 'email') });
    }
  }
  let language: string | null = null;
  const comms = p.communication ?? [];
  const comm = comms.find((c) => c.preferred) ?? comms[0];
  if (comm) {
    const raw = comm.language.coding?.find((c) => c.code)?.code ?? comm.language.text ?? '';
    const read = readLanguage(raw);
    if (!read.ok) throw new EntryError('Patient.communication.language', raw, read.reason);
    language = read.value;
  }
  return { line, externalId: medicalRecordNumber(p), firstName, lastName, dateOfBirth, language, contacts };
}

function appointmentId(a: FhirAppointment): string | null {
  return a.identifier?.find((x) => x.value)?.value?.trim() || a.id?.trim() || null;
}

function isType(p: NonNullable<FhirAppointment['participant']>[number], type: 'Practitioner' | 'Location' | 'Patient'): boolean {
  const ref = p.actor?.reference ?? '';
  return p.actor?.type === type || ref.startsWith(`${type}/`) || ref.includes(`/${type}/`);
}

function readAppointment(
  a: FhirAppointment,
  line: number,
  externalId: string | null,
  byReference: Map<string, PatientCandidate>,
  rejectedReferences: Set<string>,
): AppointmentCandidate {
  const status = STATUS[a.status];
  if (!status) throw new EntryError('Appointment.status', a.status, `Appointments with status "${a.status}" are not imported`);
  const participants = a.participant ?? [];
  const patientParticipant =
    participants.find((p) => p.actor?.reference && byReference.has(p.actor.reference)) ??
    participants.find((p) => isType(p, 'Patient') || (p.actor?.reference && rejectedReferences.has(p.actor.reference)));
  const ref = patientParticipant?.actor?.reference;
  let patient = ref ? byReference.get(ref) : undefined;
  if (!patient && ref && rejectedReferences.has(ref)) throw new EntryError('Appointment.participant', ref, 'The appointment’s patient was rejected');
  if (!patient) {
    const logical = patientParticipant?.actor?.identifier?.value;
    if (!logical) throw new EntryError('Appointment.participant', ref ?? null, 'The appointment has no patient in this Bundle');
    patient = { line, externalId: logical, firstName: null, lastName: null, dateOfBirth: null, language: null, contacts: [] };
  }
  if (!a.start) throw new EntryError('Appointment.start', null, 'The appointment has no start');
  const startsAt = Date.parse(a.start);
  if (Number.isNaN(startsAt) || !/[T ]\d{2}:\d{2}/.test(a.start)) throw new EntryError('Appointment.start', a.start, 'The start is not a FHIR instant');
  let durationMinutes: number | null = null;
  if (a.minutesDuration !== undefined) durationMinutes = Math.round(a.minutesDuration);
  else if (a.end) {
    const end = Date.parse(a.end);
    if (Number.isNaN(end)) throw new EntryError('Appointment.end', a.end, 'The end is not a FHIR instant');
    durationMinutes = Math.round((end - startsAt) / 60_000);
  }
  if (durationMinutes !== null && (durationMinutes < 5 || durationMinutes > 24 * 60)) {
    throw new EntryError('Appointment.minutesDuration', String(durationMinutes), 'The duration is outside 5 minutes to 24 hours');
  }
  const clinician = participants.find((p) => isType(p, 'Practitioner'))?.actor?.display?.trim() ?? null;
  const location = participants.find((p) => isType(p, 'Location'))?.actor?.display?.trim() ?? null;
  return {
    line,
    patient,
    externalId,
    startsAt,
    durationMinutes,
    clinician: clinician ? clinician.slice(0, 100) : null,
    location: location ? location.slice(0, 100) : null,
    reason: a.description?.slice(0, 500) ?? null,
    status,
  };
}
