import type { PatientsService } from '../../services/patients-service';
import type { HandlerGroup } from '../handler-types';

export function patientHandlers(
  patients: PatientsService,
): HandlerGroup<'patients.search' | 'patients.get' | 'patients.create' | 'patients.update' | 'patients.archive' | 'patients.contactOwners'> {
  return {
    'patients.search': (input) => patients.search(input),
    'patients.get': (input) => patients.get(input.id),
    'patients.create': (input) => patients.create(input),
    'patients.update': (input) => patients.update(input),
    'patients.archive': (input) => patients.archive(input.id, input.archived),
    'patients.contactOwners': (input) => patients.contactOwners(input),
  };
}
