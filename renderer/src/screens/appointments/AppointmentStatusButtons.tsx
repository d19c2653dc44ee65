/** Row actions to mark an appointment confirmed (by staff), completed or a no-show. */
import { Button, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppointmentView } from '../../../../shared/domain';
import { useSubmit } from '../../ipc/useSubmit';

export function AppointmentStatusButtons({ appointment }: { appointment: AppointmentView }) {
  const setStatus = useSubmit('appointments.setStatus');
  // Display only (which rows have started); the core decides with its own clock.
  const [now] = useState(() => Date.now());
  const started = appointment.startsAt <= now;
  const mark = (status: 'confirmed' | 'completed' | 'no_show') => void setStatus.submit({ id: appointment.id, status });
  return (
    <>
      {(appointment.status === 'booked' || appointment.status === 'rescheduled') && (
        <Button small variant="minimal" icon="tick" text="Confirm" loading={setStatus.submitting} onClick={() => mark('confirmed')} data-testid="appointment-confirm" />
      )}
      {started && (
        <>
          <Button small variant="minimal" icon="tick-circle" text="Completed" onClick={() => mark('completed')} data-testid="appointment-completed" />
          <Button small variant="minimal" icon="disable" text="No-show" intent={Intent.WARNING} onClick={() => mark('no_show')} data-testid="appointment-no-show" />
        </>
      )}
      {setStatus.error && (
        <span className="fd-muted" role="alert" data-testid="appointment-status-error">
          {setStatus.error.message}
        </span>
      )}
    </>
  );
}
