/** The appointments section of a patient's profile: list, book, edit, cancel. */
import { Button, H4, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppointmentView } from '../../../../shared/domain';
import { AppointmentTable } from './AppointmentTable';
import { AppointmentFormDialog } from './AppointmentFormDialog';
import { CancelAppointmentAlert } from './CancelAppointmentAlert';

type Editing = { kind: 'edit'; appointment: AppointmentView } | { kind: 'cancel'; appointment: AppointmentView } | null;

export interface PatientAppointmentsProps {
  patientId: number;
  patientName: string;
  appointments: AppointmentView[];
  archived: boolean;
  /** The "New appointment" dialog is open (the profile's `b` shortcut opens it too). */
  booking: boolean;
  onBookingChange(open: boolean): void;
  onChanged(): void;
}

export function PatientAppointments({ patientId, patientName, appointments, archived, booking, onBookingChange, onChanged }: PatientAppointmentsProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => {
    setEditing(null);
    onBookingChange(false);
    onChanged();
  };
  return (
    <div data-testid="patient-appointments">
      <div className="fd-screen-header">
        <H4>Appointments</H4>
        <Button icon="add" intent={Intent.PRIMARY} text="New appointment" disabled={archived} title={archived ? 'Restore the patient to book' : 'New appointment (b)'} onClick={() => onBookingChange(true)} data-testid="new-appointment" />
      </div>
      {appointments.length === 0 ? (
        <p className="fd-muted" data-testid="no-appointments">
          No appointments.
        </p>
      ) : (
        <AppointmentTable appointments={appointments} onEdit={(a) => setEditing({ kind: 'edit', appointment: a })} onCancel={(a) => setEditing({ kind: 'cancel', appointment: a })} />
      )}
      {booking && !archived && <AppointmentFormDialog patientId={patientId} patientName={patientName} onClose={() => onBookingChange(false)} onSaved={done} />}
      {editing?.kind === 'edit' && (
        <AppointmentFormDialog patientId={patientId} patientName={patientName} appointment={editing.appointment} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'cancel' && <CancelAppointmentAlert appointment={editing.appointment} onClose={() => setEditing(null)} onCancelled={done} />}
    </div>
  );
}
