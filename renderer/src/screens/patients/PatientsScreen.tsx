import { PatientSearch } from './PatientSearch';
import { PatientProfile } from './PatientProfile';

/** Patients: the search list, or one patient's profile. */
export function PatientsScreen({ patientId }: { patientId: number | undefined }) {
  return patientId ? <PatientProfile key={patientId} patientId={patientId} /> : <PatientSearch />;
}
