/** All patients and appointments as a FHIR R4 Bundle (type collection), the inverse of the FHIR import. */
import type { AppDb } from '../db/database';
import { appointmentsForExport, patientsForExport } from './export-queries';

const FHIR_STATUS: Record<string, string> = {
  booked: 'booked',
  confirmed: 'booked',
  rescheduled: 'booked',
  cancelled: 'cancelled',
  completed: 'fulfilled',
  no_show: 'noshow',
};

export function fhirBundle(db: AppDb): { bundle: Record<string, unknown>; patients: number; appointments: number } {
  const patients = patientsForExport(db, true);
  const contacts = db.$client.prepare('select patient_id, kind, value, label from contact_points order by patient_id, is_primary desc, id').all() as Array<{
    patient_id: number;
    kind: string;
    value: string;
    label: string;
  }>;
  const telecom = new Map<number, Array<Record<string, unknown>>>();
  for (const c of contacts) {
    const list = telecom.get(c.patient_id) ?? [];
    list.push({ system: c.kind, value: c.value, ...(c.kind === 'phone' ? { use: c.label === 'mobile' ? 'mobile' : 'home' } : {}) });
    telecom.set(c.patient_id, list);
  }
  const entry: Array<Record<string, unknown>> = patients.map((p) => ({
    fullUrl: `urn:frontdesk:Patient/${p.id}`,
    resource: {
      resourceType: 'Patient',
      id: `p${p.id}`,
      ...(p.external_id
        ? { identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: p.external_id }] }
        : {}),
      active: p.archived === 0,
      name: [{ use: 'official', family: p.last_name, given: [p.first_name] }],
      ...(p.date_of_birth ? { birthDate: p.date_of_birth } : {}),
      telecom: telecom.get(p.id) ?? [],
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: p.language }] }, preferred: true }],
    },
  }));
  const appointments = appointmentsForExport(db, null, null);
  for (const a of appointments) {
    entry.push({
      fullUrl: `urn:frontdesk:Appointment/${a.id}`,
      resource: {
        resourceType: 'Appointment',
        id: `a${a.id}`,
        ...(a.external_id ? { identifier: [{ value: a.external_id }] } : {}),
        status: FHIR_STATUS[a.status] ?? 'booked',
        start: new Date(a.starts_at).toISOString(),
        end: new Date(a.starts_at + a.duration_minutes * 60_000).toISOString(),
        minutesDuration: a.duration_minutes,
        participant: [
          { actor: { reference: `urn:frontdesk:Patient/${a.patient_id}`, display: a.patient_name }, status: 'accepted' },
          ...(a.clinician ? [{ actor: { type: 'Practitioner', display: a.clinician }, status: 'accepted' }] : []),
          ...(a.location ? [{ actor: { type: 'Location', display: a.location }, status: 'accepted' }] : []),
        ],
      },
    });
  }
  return { bundle: { resourceType: 'Bundle', type: 'collection', entry }, patients: patients.length, appointments: appointments.length };
}
