/** What a validated import row becomes, whatever the file format (CSV or FHIR). */
import type { AppointmentStatus } from '../../shared/domain';
import type { ContactPointValues } from '../repos/patients-repo';

export interface Rejection {
  /** Line in the file (CSV), or the entry's position in the Bundle (FHIR). */
  line: number;
  /** The column header (CSV) or element path (FHIR) at fault; null when the row as a whole is. */
  column: string | null;
  value: string | null;
  reason: string;
}

export interface PatientCandidate {
  line: number;
  externalId: string | null;
  /** Null only in appointment rows that identify their patient by id alone. */
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  language: string | null;
  contacts: ContactPointValues[];
}

export interface AppointmentCandidate {
  line: number;
  patient: PatientCandidate;
  externalId: string | null;
  startsAt: number;
  durationMinutes: number | null;
  clinician: string | null;
  location: string | null;
  reason: string | null;
  status: AppointmentStatus;
}

export interface Candidates {
  patients: PatientCandidate[];
  appointments: AppointmentCandidate[];
  rejections: Rejection[];
  /** Appointment ids named anywhere in the file, even on rejected rows: never "absent". */
  mentionedAppointmentIds: Set<string>;
  rowCount: number;
}
