/** Guesses which field each column of an import file holds, from its header text. */
import type { ColumnMapping, DateOrder, ImportField, ImportKind } from './fields';

/** Header words per field, compared after lower-casing and dropping everything but letters and digits. */
const SYNONYMS: Record<ImportField, string[]> = {
  'patient.externalId': [
    'mrn', 'medicalrecordnumber', 'medicalrecordno', 'chart', 'chartnumber', 'chartno', 'chartid', 'patientid', 'patientno',
    'patientnumber', 'patid', 'externalid', 'accountnumber', 'accountno', 'account', 'recordnumber', 'pid', 'id',
  ],
  'patient.firstName': ['firstname', 'first', 'givenname', 'given', 'forename', 'fname', 'patientfirstname', 'vorname', 'prenom'],
  'patient.lastName': ['lastname', 'last', 'surname', 'familyname', 'family', 'lname', 'patientlastname', 'nachname', 'nom'],
  'patient.fullName': ['name', 'fullname', 'patientname', 'patient', 'displayname'],
  'patient.dateOfBirth': ['dob', 'dateofbirth', 'birthdate', 'birthday', 'born', 'birth', 'geburtsdatum', 'patientdob'],
  'patient.phone': ['phone', 'phonenumber', 'telephone', 'tel', 'homephone', 'landline', 'primaryphone', 'contactnumber', 'telefon'],
  'patient.mobile': ['mobile', 'mobilephone', 'cell', 'cellphone', 'cellular', 'mobilenumber', 'cellnumber', 'sms', 'handy'],
  'patient.email': ['email', 'emailaddress', 'mail', 'emailid'],
  'patient.language': ['language', 'lang', 'preferredlanguage', 'languagepreference', 'sprache'],
  'appointment.externalId': ['appointmentid', 'apptid', 'appointmentno', 'appointmentnumber', 'bookingid', 'visitid', 'encounterid'],
  'appointment.dateTime': [
    'appointmentdatetime', 'apptdatetime', 'datetime', 'start', 'starttime', 'startdatetime', 'appointmentstart', 'scheduled',
    'scheduledat', 'when',
  ],
  'appointment.date': ['appointmentdate', 'apptdate', 'date', 'visitdate', 'scheduleddate', 'day'],
  'appointment.time': ['appointmenttime', 'appttime', 'time', 'visittime', 'scheduledtime'],
  'appointment.duration': ['duration', 'length', 'minutes', 'durationminutes', 'durationmin', 'mins', 'apptlength'],
  'appointment.endTime': ['end', 'endtime', 'appointmentend', 'finish'],
  'appointment.clinician': ['clinician', 'provider', 'doctor', 'practitioner', 'dentist', 'physician', 'resource', 'providername', 'seenby', 'arzt'],
  'appointment.location': ['location', 'site', 'office', 'clinic', 'room', 'branch', 'facility'],
  'appointment.status': ['status', 'appointmentstatus', 'apptstatus', 'state'],
  'appointment.reason': ['reason', 'visitreason', 'appointmenttype', 'type', 'procedure', 'visittype', 'notes'],
};

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * One field per column and one column per field: exact synonym matches first, then headers that
 * contain a synonym (longest synonym wins). Appointment fields are only guessed for files that
 * hold appointments.
 */
export function guessMapping(headers: string[], kind: ImportKind, dateOrder: DateOrder): ColumnMapping {
  const columns: ColumnMapping['columns'] = {};
  const used = new Set<string>();
  const fields = (Object.keys(SYNONYMS) as ImportField[]).filter((f) => kind !== 'patients' || f.startsWith('patient.'));
  const normalised = headers.map((h) => ({ header: h, key: normaliseHeader(h) }));

  for (const field of fields) {
    const hit = normalised.find((h) => !used.has(h.header) && SYNONYMS[field].includes(h.key));
    if (hit) {
      columns[field] = hit.header;
      used.add(hit.header);
    }
  }
  for (const field of fields) {
    if (columns[field]) continue;
    let best: { header: string; score: number } | null = null;
    for (const h of normalised) {
      if (used.has(h.header)) continue;
      for (const word of SYNONYMS[field]) {
        if (word.length >= 4 && h.key.includes(word) && (!best || word.length > best.score)) best = { header: h.header, score: word.length };
      }
    }
    if (best) {
      columns[field] = best.header;
      used.add(best.header);
    }
  }
  // A full name column is only needed when first and last names are not both there.
  if (columns['patient.firstName'] && columns['patient.lastName']) delete columns['patient.fullName'];
  // A combined date-time column wins over a lone date column that is really the same thing.
  if (columns['appointment.dateTime'] && columns['appointment.date'] && !columns['appointment.time']) delete columns['appointment.date'];
  return { columns, dateOrder };
}

/** A file holds appointments when it has appointment date columns. */
export function guessKind(headers: string[]): ImportKind {
  const keys = new Set(headers.map(normaliseHeader));
  const appt = [...SYNONYMS['appointment.dateTime'], ...SYNONYMS['appointment.date'], ...SYNONYMS['appointment.externalId']].some((w) => keys.has(w));
  if (!appt) return 'patients';
  const patientDetail = ['dob', 'dateofbirth', 'birthdate', 'phone', 'mobile', 'email', 'cell'].some((w) => keys.has(w));
  return patientDetail ? 'combined' : 'appointments';
}

/**
 * The date order the file's own dates prove, from a sample of its rows: a first part above 12
 * (25/12/1990) means day first, a second part above 12 (12/25/1990) month first. When the sample
 * proves nothing (or contradicts itself) the clinic's default stands. Still one order per file.
 */
export function suggestDateOrder(mapping: ColumnMapping, headers: string[], rows: string[][], fallback: DateOrder): DateOrder {
  const dateFields = ['patient.dateOfBirth', 'appointment.date', 'appointment.dateTime'] as const;
  let dayFirst = false;
  let monthFirst = false;
  for (const field of dateFields) {
    const header = mapping.columns[field];
    const i = header ? headers.indexOf(header) : -1;
    if (i < 0) continue;
    for (const row of rows) {
      const m = /^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}/.exec(row[i] ?? '');
      if (!m) continue;
      const a = Number(m[1]);
      const b = Number(m[2]);
      if (a > 12 && b <= 12) dayFirst = true;
      if (b > 12 && a <= 12) monthFirst = true;
    }
  }
  if (dayFirst === monthFirst) return fallback;
  return dayFirst ? 'DMY' : 'MDY';
}
