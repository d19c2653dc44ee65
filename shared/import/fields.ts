/**
 * The fields an import file's columns can map to, and the saved mapping's shape. Pure code: the
 * renderer's mapping step and the main process use the same definitions.
 */
export const PATIENT_FIELDS = [
  'patient.externalId',
  'patient.firstName',
  'patient.lastName',
  'patient.fullName',
  'patient.dateOfBirth',
  'patient.phone',
  'patient.mobile',
  'patient.email',
  'patient.language',
] as const;

export const APPOINTMENT_FIELDS = [
  'appointment.externalId',
  'appointment.dateTime',
  'appointment.date',
  'appointment.time',
  'appointment.duration',
  'appointment.endTime',
  'appointment.clinician',
  'appointment.location',
  'appointment.status',
  'appointment.reason',
] as const;

export const IMPORT_FIELDS = [...PATIENT_FIELDS, ...APPOINTMENT_FIELDS] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const FIELD_LABELS: Record<ImportField, string> = {
  'patient.externalId': 'Patient id (MRN / chart number)',
  'patient.firstName': 'First name',
  'patient.lastName': 'Last name',
  'patient.fullName': 'Full name',
  'patient.dateOfBirth': 'Date of birth',
  'patient.phone': 'Phone',
  'patient.mobile': 'Mobile phone',
  'patient.email': 'Email',
  'patient.language': 'Language',
  'appointment.externalId': 'Appointment id',
  'appointment.dateTime': 'Appointment date and time',
  'appointment.date': 'Appointment date',
  'appointment.time': 'Appointment time',
  'appointment.duration': 'Duration (minutes)',
  'appointment.endTime': 'Appointment end time',
  'appointment.clinician': 'Clinician / provider',
  'appointment.location': 'Location',
  'appointment.status': 'Appointment status',
  'appointment.reason': 'Reason for visit',
};

export const IMPORT_KINDS = ['patients', 'appointments', 'combined'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How an ambiguous date like 03/04/2026 is read: decided once per file, never per row. */
export const DATE_ORDERS = ['MDY', 'DMY', 'YMD'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** Column mapping: which file column (by header text) feeds each field, and the date order. */
export interface ColumnMapping {
  columns: Partial<Record<ImportField, string>>;
  dateOrder: DateOrder;
}

/** The clinic's country decides the default reading of 03/04/2026. */
export function defaultDateOrder(country: string): DateOrder {
  const mdy = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'BZ', 'CA']);
  if (mdy.has(country.toUpperCase())) return 'MDY';
  const ymd = new Set(['CN', 'JP', 'KR', 'TW', 'HU', 'LT', 'MN', 'IR']);
  if (ymd.has(country.toUpperCase())) return 'YMD';
  return 'DMY';
}

/** Whether the mapping has what a file of this kind needs; the messages say what is missing. */
export function mappingProblems(mapping: ColumnMapping, kind: ImportKind): string[] {
  const c = mapping.columns;
  const problems: string[] = [];
  const hasName = (c['patient.firstName'] && c['patient.lastName']) || c['patient.fullName'];
  if (kind === 'patients' && !hasName) problems.push('Map the first and last name columns, or a full name column');
  if (kind !== 'patients') {
    if (!hasName && !c['patient.externalId']) problems.push('Map the patient id column, or the patient name columns');
    if (!c['appointment.dateTime'] && !(c['appointment.date'] && c['appointment.time'])) {
      problems.push('Map the appointment date and time (one column, or a date column and a time column)');
    }
  }
  return problems;
}
