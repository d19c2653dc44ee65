/** The day's appointments in the clinic's time zone (`appointments.listByDay`), day by day. */
import { Button, ButtonGroup, H2, InputGroup, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppointmentView, PatientSummary } from '../../../../shared/domain';
import { useQuery } from '../../ipc/useQuery';
import { useClinic } from '../../lib/ClinicContext';
import { formatDay, shiftDay, todayIn } from '../../lib/time';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { navigate } from '../../shell/route';
import { useScreenHotkeys } from '../../lib/useScreenHotkeys';
import { AppointmentTable } from './AppointmentTable';
import { AppointmentFormDialog } from './AppointmentFormDialog';
import { CancelAppointmentAlert } from './CancelAppointmentAlert';
import { PatientPickerDialog } from '../patients/PatientPickerDialog';

type Editing = { kind: 'edit' | 'cancel'; appointment: AppointmentView } | { kind: 'pick' } | { kind: 'book'; patient: PatientSummary } | null;

export function AppointmentsDayScreen({ date: routeDate }: { date: string | undefined }) {
  const { settings } = useClinic();
  const today = todayIn(settings.timeZone);
  const date = routeDate ?? today;
  const day = useQuery('appointments.listByDay', { date }, { refreshOn: ['appointments.changed'] });
  const [editing, setEditing] = useState<Editing>(null);
  const go = (next: string) => navigate({ screen: 'appointments', date: next });
  useScreenHotkeys('Appointments', [
    { combo: 'left', label: 'Previous day', run: () => go(shiftDay(date, -1)) },
    { combo: 'right', label: 'Next day', run: () => go(shiftDay(date, 1)) },
    { combo: 't', label: 'Today', run: () => go(today) },
    { combo: 'b', label: 'Book an appointment on this day', run: () => setEditing({ kind: 'pick' }) },
  ]);
  const done = () => {
    setEditing(null);
    day.reload();
  };

  return (
    <div className="fd-screen" data-testid="screen-appointments">
      <div className="fd-screen-header">
        <H2 data-testid="day-title">{formatDay(date)}</H2>
        {day.loading && day.value && <Spinner size={16} />}
        <ButtonGroup>
          <Button icon="chevron-left" aria-label="Previous day" onClick={() => go(shiftDay(date, -1))} data-testid="day-previous" />
          <Button text="Today" disabled={date === today} onClick={() => go(today)} data-testid="day-today" />
          <Button icon="chevron-right" aria-label="Next day" onClick={() => go(shiftDay(date, 1))} data-testid="day-next" />
        </ButtonGroup>
        <InputGroup type="date" aria-label="Go to date" value={date} onValueChange={(value) => value && go(value)} data-testid="day-date" />
        <Button icon="add" intent={Intent.PRIMARY} text="Book" title="Book an appointment on this day (b)" onClick={() => setEditing({ kind: 'pick' })} data-testid="day-book" />
      </div>
      <ErrorCallout error={day.error} title="The appointments could not be loaded" />
      {!day.value && !day.error && <NonIdealState icon={<Spinner />} title="Loading appointments…" />}
      {day.value && day.value.length === 0 && (
        <NonIdealState icon="calendar" title="No appointments on this day" description="Book one here (b), or from a patient’s profile." action={<Button icon="add" text="Book an appointment" onClick={() => setEditing({ kind: 'pick' })} />} />
      )}
      {day.value && day.value.length > 0 && (
        <AppointmentTable
          appointments={day.value}
          dayView
          onOpenPatient={(patientId) => navigate({ screen: 'patients', patientId })}
          onEdit={(a) => setEditing({ kind: 'edit', appointment: a })}
          onCancel={(a) => setEditing({ kind: 'cancel', appointment: a })}
        />
      )}
      {editing?.kind === 'edit' && (
        <AppointmentFormDialog patientId={editing.appointment.patientId} patientName={editing.appointment.patientName} appointment={editing.appointment} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'pick' && <PatientPickerDialog title={`Book on ${formatDay(date)}: choose the patient`} onClose={() => setEditing(null)} onPick={(patient) => setEditing({ kind: 'book', patient })} />}
      {editing?.kind === 'book' && (
        <AppointmentFormDialog patientId={editing.patient.id} patientName={`${editing.patient.firstName} ${editing.patient.lastName}`} defaultDate={date} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'cancel' && <CancelAppointmentAlert appointment={editing.appointment} onClose={() => setEditing(null)} onCancelled={done} />}
    </div>
  );
}
