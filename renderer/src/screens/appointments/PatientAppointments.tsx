/** The appointments section of a patient's profile: list, book, edit, cancel. */
import { Button, H4, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppointmentView } from '../../../../shared/domain';
import { AppointmentTable } from './AppointmentTable';
import { AppointmentFormDialog } from './AppointmentFormDialog';
import { CancelAppointmentAlert } from './CancelAppointmentAlert';

type Editing = { kind: 'new' } | { kind: 'edit'; appointment: AppointmentView } | { kind: 'cancel'; appointment: AppointmentView } | null;

export interface PatientAppointmentsProps {
  patientId: number;
  patientName: string;
  appointments: AppointmentView[];
  archived: boolean;
  onChanged(): void;
}

export function PatientAppointments({ patientId, patientName, appointments, archived, onChanged }: PatientAppointmentsProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => {
    setEditing(null);
    onChanged();
  };
  return (
    <div data-testid="patient-appointments">
      <div className="fd-screen-header">
        <H4>Appointments</H4>
        <Button icon="add" intent={Intent.PRIMARY} text="New appointment" disabled={archived} title={archived ? 'Restore the patient to book' : undefined} onClick={() => setEditing({ kind: 'new' })} data-testid="new-appointment" />
      </div>
      {appointments.length === 0 ? (
        <p className="fd-muted" data-testid="no-appointments">
          No appointments.
        </p>
      ) : (
        <AppointmentTable appointments={appointments} onEdit={(a) => setEditing({ kind: 'edit', appointment: a })} onCancel={(a) => setEditing({ kind: 'cancel', appointment: a })} />
      )}
      {editing?.kind === 'new' && <AppointmentFormDialog patientId={patientId} patientName={patientName} onClose={() => setEditing(null)} onSaved={done} />}
      {editing?.kind === 'edit' && (
        <AppointmentFormDialog patientId={patientId} patientName={patientName} appointment={editing.appointment} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'cancel' && <CancelAppointmentAlert appointment={editing.appointment} onClose={() => setEditing(null)} onCancelled={done} />}
    </div>
  );
}
