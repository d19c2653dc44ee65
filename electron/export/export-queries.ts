/** The reads behind each export, in SQL (one pass over each table). */
import type { AppDb } from '../db/database';

export interface PatientExportRow {
  id: number;
  external_id: string | null;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  language: string;
  archived: number;
  phones: string | null;
  emails: string | null;
}

export function patientsForExport(db: AppDb, includeArchived: boolean): PatientExportRow[] {
  return db.$client
    .prepare(
      `select p.id, p.external_id, p.first_name, p.last_name, p.date_of_birth, p.language, p.archived,
         (select group_concat(value, ' ') from (select value from contact_points where patient_id = p.id and kind = 'phone' order by is_primary desc, id)) as phones,
         (select group_concat(value, ' ') from (select value from contact_points where patient_id = p.id and kind = 'email' order by is_primary desc, id)) as emails
       from patients p ${includeArchived ? '' : 'where p.archived = 0'}
       order by p.last_name collate nocase, p.first_name collate nocase, p.id`,
    )
    .all() as PatientExportRow[];
}

/** The latest consent event per patient, channel and purpose: `patientId:channel:purpose` → status and source. */
export function latestConsents(db: AppDb): Map<string, { status: string; source: string; at: number }> {
  const rows = db.$client
    .prepare(
      `select c.patient_id, c.channel, c.purpose, c.status, c.source, c.created_at from consent_events c
       join (select max(id) as id from consent_events group by patient_id, channel, purpose) latest on latest.id = c.id`,
    )
    .all() as Array<{ patient_id: number; channel: string; purpose: string; status: string; source: string; created_at: number }>;
  return new Map(rows.map((r) => [`${r.patient_id}:${r.channel}:${r.purpose}`, { status: r.status, source: r.source, at: r.created_at }]));
}

export interface AppointmentExportRow {
  id: number;
  external_id: string | null;
  patient_id: number;
  patient_external_id: string | null;
  patient_name: string;
  starts_at: number;
  duration_minutes: number;
  clinician: string;
  location: string;
  status: string;
  confirmed_at: number | null;
  confirmed_via: string | null;
}

export function appointmentsForExport(db: AppDb, from: number | null, to: number | null): AppointmentExportRow[] {
  return db.$client
    .prepare(
      `select a.id, a.external_id, a.patient_id, p.external_id as patient_external_id, p.first_name || ' ' || p.last_name as patient_name,
         a.starts_at, a.duration_minutes, a.clinician, a.location, a.status, a.confirmed_at, a.confirmed_via
       from appointments a join patients p on p.id = a.patient_id
       where (? is null or a.starts_at >= ?) and (? is null or a.starts_at < ?)
       order by a.starts_at, a.id`,
    )
    .all(from, from, to, to) as AppointmentExportRow[];
}

export interface MessageExportRow {
  id: number;
  created_at: number;
  patient_id: number | null;
  patient_name: string | null;
  direction: string;
  channel: string;
  address: string;
  subject: string | null;
  body: string;
  origin: string;
  purpose: string;
  staff_name: string | null;
  delivery_state: string | null;
  delivery_channel: string | null;
  provider: string | null;
  error_text: string | null;
}

export function messagesForExport(db: AppDb, patientId: number | null): MessageExportRow[] {
  return db.$client
    .prepare(
      `select m.id, m.created_at, m.patient_id, p.first_name || ' ' || p.last_name as patient_name, m.direction, m.channel, m.address,
         m.subject, m.body, m.origin, m.purpose, s.display_name as staff_name,
         d.state as delivery_state, d.channel as delivery_channel, d.provider, d.error_text
       from messages m
       left join patients p on p.id = m.patient_id
       left join staff s on s.id = m.staff_id
       left join deliveries d on d.id = (select max(id) from deliveries where message_id = m.id)
       where (? is null or m.patient_id = ?)
       order by m.created_at, m.id`,
    )
    .all(patientId, patientId) as MessageExportRow[];
}

export function patientName(db: AppDb, id: number): string | null {
  const row = db.$client.prepare('select first_name, last_name from patients where id = ?').get(id) as { first_name: string; last_name: string } | undefined;
  return row ? `${row.first_name} ${row.last_name}` : null;
}
