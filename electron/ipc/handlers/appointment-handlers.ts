import type { AppointmentsService } from '../../services/appointments-service';
import type { HandlerGroup } from '../handler-types';

export function appointmentHandlers(
  appointments: AppointmentsService,
): HandlerGroup<'appointments.create' | 'appointments.update' | 'appointments.cancel' | 'appointments.setStatus' | 'appointments.listByDay' | 'appointments.listForPatient' | 'appointments.options' | 'appointments.schedule' | 'appointments.check'> {
  return {
    'appointments.create': (input) => appointments.create(input),
    'appointments.update': (input) => appointments.update(input),
    'appointments.cancel': (input) => appointments.cancel(input.id),
    'appointments.setStatus': (input) => appointments.setStatus(input.id, input.status),
    'appointments.listByDay': (input) => appointments.listByDay(input.date),
    'appointments.listForPatient': (input) => appointments.listForPatient(input.patientId),
    'appointments.options': () => appointments.options(),
    'appointments.schedule': (input) => appointments.schedule(input),
    'appointments.check': (input) => appointments.check(input),
  };
}
