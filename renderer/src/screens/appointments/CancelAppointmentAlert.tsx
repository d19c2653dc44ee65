/** Asks before cancelling an appointment (`appointments.cancel`). */
import { Alert, Intent } from '@blueprintjs/core';
import type { AppointmentView } from '../../../../shared/domain';
import { useSubmit } from '../../ipc/useSubmit';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { ErrorCallout } from '../../forms/ErrorCallout';

export function CancelAppointmentAlert({ appointment, onClose, onCancelled }: { appointment: AppointmentView; onClose(): void; onCancelled(): void }) {
  const where = useWhere();
  const cancel = useSubmit('appointments.cancel');
  return (
    <Alert
      isOpen
      icon="cross"
      intent={Intent.DANGER}
      cancelButtonText="Keep it"
      confirmButtonText="Cancel appointment"
      loading={cancel.submitting}
      canEscapeKeyCancel
      onCancel={onClose}
      onConfirm={async () => {
        const result = await cancel.submit({ id: appointment.id });
        if (result.ok) onCancelled();
      }}
    >
      <p data-testid="cancel-appointment-alert">
        Cancel {appointment.patientName}’s appointment with {appointment.clinician} on {formatDateTime(appointment.startsAt, where)}? Its queued reminders are
        cancelled too.
      </p>
      <ErrorCallout error={cancel.error} title="The appointment was not cancelled" />
    </Alert>
  );
}
