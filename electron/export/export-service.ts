/** CSV and FHIR exports of the clinic's own data; every export is written to the audit log. */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import { notFound } from '../foundation/errors';
import { appendAudit } from '../repos/audit-repo';
import { CHANNELS, PURPOSES } from '../../shared/domain';
import { csvText, type Cell } from './csv-text';
import { appointmentsForExport, latestConsents, messagesForExport, patientName, patientsForExport } from './export-queries';
import { fhirBundle } from './fhir-export';

export interface CsvExport {
  fileName: string;
  csv: string;
  rows: number;
}

export class ExportService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly clinicTimeZone: () => string,
  ) {}

  patients(staffId: number, options: { includeArchived?: boolean } = {}): CsvExport {
    const consents = latestConsents(this.db);
    const consentColumns = CHANNELS.flatMap((ch) => PURPOSES.map((pu) => [ch, pu] as const));
    const header = [
      'patient_id', 'external_id', 'first_name', 'last_name', 'date_of_birth', 'language', 'archived', 'phones', 'emails',
      ...consentColumns.map(([ch, pu]) => `consent_${ch}_${pu}`),
    ];
    const rows = patientsForExport(this.db, options.includeArchived ?? false).map((p): Cell[] => [
      p.id, p.external_id, p.first_name, p.last_name, p.date_of_birth, p.language, p.archived ? 'yes' : 'no', p.phones, p.emails,
      // No recorded choice: marketing needs an explicit opt-in, reminders need no objection.
      ...consentColumns.map(([ch, pu]) => consents.get(`${p.id}:${ch}:${pu}`)?.status ?? (pu === 'marketing' ? 'no_opt_in' : 'no_objection')),
    ]);
    return this.finish(staffId, 'export.patients', 'patients', header, rows, { includeArchived: options.includeArchived ?? false });
  }

  appointments(staffId: number, range: { from?: string; to?: string } = {}): CsvExport {
    const zone = this.clinicTimeZone();
    const from = range.from ? DateTime.fromISO(range.from, { zone }).startOf('day').toMillis() : null;
    const to = range.to ? DateTime.fromISO(range.to, { zone }).plus({ days: 1 }).startOf('day').toMillis() : null;
    const local = (ms: number | null) => (ms === null ? null : DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ"));
    const header = [
      'appointment_id', 'external_id', 'patient_id', 'patient_external_id', 'patient_name', 'start', 'duration_minutes', 'clinician', 'location',
      'status', 'confirmed', 'confirmed_at', 'confirmed_via',
    ];
    const rows = appointmentsForExport(this.db, from, to).map((a): Cell[] => [
      a.id, a.external_id, a.patient_id, a.patient_external_id, a.patient_name, local(a.starts_at), a.duration_minutes, a.clinician, a.location,
      a.status, a.confirmed_at !== null ? 'yes' : 'no', local(a.confirmed_at), a.confirmed_via,
    ]);
    return this.finish(staffId, 'export.appointments', 'appointments', header, rows, { from: range.from ?? null, to: range.to ?? null });
  }

  messages(staffId: number, patientId: number | null = null): CsvExport {
    let name: string | null = null;
    if (patientId !== null) {
      name = patientName(this.db, patientId);
      if (!name) throw notFound('That patient');
    }
    const zone = this.clinicTimeZone();
    const header = [
      'message_id', 'at', 'patient_id', 'patient_name', 'direction', 'channel', 'address', 'subject', 'body', 'origin', 'purpose', 'staff',
      'delivery_state', 'delivered_via', 'provider', 'error',
    ];
    const rows = messagesForExport(this.db, patientId).map((m): Cell[] => [
      m.id, DateTime.fromMillis(m.created_at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"), m.patient_id, m.patient_name, m.direction, m.channel,
      m.address, m.subject, m.body, m.origin, m.purpose, m.staff_name, m.delivery_state, m.delivery_channel, m.provider, m.error_text,
    ]);
    const base = patientId === null ? 'messages' : `messages-patient-${patientId}`;
    return this.finish(staffId, patientId === null ? 'export.messages' : 'export.patientMessages', base, header, rows, { patientId });
  }

  fhir(staffId: number): { fileName: string; json: string; patients: number; appointments: number } {
    const { bundle, patients, appointments } = fhirBundle(this.db);
    const fileName = `frontdesk-fhir-${this.stamp()}.json`;
    appendAudit(this.db, { at: this.clock.now(), staffId, action: 'export.fhir', entityType: 'export', detail: { fileName, patients, appointments } });
    return { fileName, json: JSON.stringify(bundle, null, 2), patients, appointments };
  }

  private finish(staffId: number, action: string, base: string, header: string[], rows: Cell[][], detail: Record<string, unknown>): CsvExport {
    const out = csvText(header, rows);
    const fileName = `frontdesk-${base}-${this.stamp()}.csv`;
    appendAudit(this.db, { at: this.clock.now(), staffId, action, entityType: 'export', entityId: null, detail: { ...detail, fileName, rows: out.rows } });
    return { fileName, csv: out.csv, rows: out.rows };
  }

  private stamp(): string {
    return DateTime.fromMillis(this.clock.now(), { zone: this.clinicTimeZone() }).toFormat('yyyy-MM-dd-HHmm');
  }
}
