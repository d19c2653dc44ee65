/** One patient: details, contact points, appointments; edit, archive or restore. */
import { Button, ButtonGroup, H2, H4, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { useQuery } from '../../ipc/useQuery';
import { useSubmit } from '../../ipc/useSubmit';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { navigate } from '../../navigation/route';
import { useScreenHotkeys } from '../../lib/useScreenHotkeys';
import { downloadText } from '../../lib/download';
import { PatientFormDialog } from './PatientFormDialog';
import { PatientDetails } from './PatientDetails';
import { ContactPointList } from './ContactPointList';
import { HouseholdSection } from './HouseholdSection';
import { PatientAppointments } from '../appointments/PatientAppointments';
import { ConsentSection } from './consent/ConsentSection';
import { PatientMessages } from './consent/PatientMessages';

/** Puts keyboard focus on an element when it mounts (a heading with tabIndex -1). */
function focusOnMount(element: HTMLElement | null): void {
  element?.focus({ preventScroll: true });
}

export function PatientProfile({ patientId }: { patientId: number }) {
  const patient = useQuery('patients.get', { id: patientId }, { refreshOn: ['patients.changed', 'appointments.changed'] });
  const archive = useSubmit('patients.archive');
  const exportMessages = useSubmit('export.patientMessages');
  const [editing, setEditing] = useState(false);
  const [booking, setBooking] = useState(false);
  useScreenHotkeys('Patient', [
    { combo: 'e', label: 'Edit the patient', run: () => setEditing(true) },
    { combo: 'b', label: 'Book an appointment', run: () => setBooking(true) },
    { combo: 'backspace', label: 'Back to the patient list', run: () => navigate({ screen: 'patients' }) },
  ]);
  const back = (
    <Button icon="arrow-left" variant="minimal" text="Patients" onClick={() => navigate({ screen: 'patients' })} data-testid="back-to-patients" />
  );

  if (!patient.value) {
    return (
      <div className="fd-screen" data-testid="patient-profile">
        {back}
        {patient.error ? (
          <ErrorCallout error={patient.error} title="This patient could not be loaded" />
        ) : (
          <NonIdealState icon={<Spinner />} title="Loading the patient…" />
        )}
      </div>
    );
  }
  const p = patient.value;

  const downloadMessages = async () => {
    const result = await exportMessages.submit({ patientId: p.id });
    if (result.ok) downloadText(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8');
  };

  const toggleArchived = async () => {
    const result = await archive.submit({ id: p.id, archived: !p.archived });
    if (result.ok) patient.reload();
  };

  return (
    <div className="fd-screen" data-testid="patient-profile">
      {back}
      <div className="fd-screen-header">
        {/* Focus lands on the name, not on a button: a stray or repeated Enter must not open a dialog. */}
        <H2 data-testid="patient-name" tabIndex={-1} ref={focusOnMount} className="fd-focus-target">
          {p.firstName} {p.lastName}
        </H2>
        {p.archived && (
          <Tag intent={Intent.WARNING} large data-testid="patient-archived">
            Archived
          </Tag>
        )}
        <ButtonGroup>
          <Button icon="edit" text="Edit" title="Edit (e)" onClick={() => setEditing(true)} data-testid="edit-patient" />
          <Button
            icon={p.archived ? 'unarchive' : 'archive'}
            text={p.archived ? 'Restore' : 'Archive'}
            loading={archive.submitting}
            onClick={() => void toggleArchived()}
            data-testid="archive-patient"
          />
          <Button icon="download" text="Message history (CSV)" loading={exportMessages.submitting} onClick={() => void downloadMessages()} data-testid="export-messages" />
        </ButtonGroup>
      </div>
      <ErrorCallout error={archive.error} title={p.archived ? 'The patient was not restored' : 'The patient was not archived'} />
      <ErrorCallout error={patient.error} title="The latest changes could not be loaded" />
      <ErrorCallout error={exportMessages.error} title="The message history could not be exported" />
      <PatientDetails patient={p} />
      <section className="fd-section">
        <H4>Contact points</H4>
        <ContactPointList points={p.contactPoints} />
      </section>
      <HouseholdSection patient={p} />
      <section className="fd-section">
        <PatientAppointments booking={booking} onBookingChange={setBooking} patientId={p.id} patientName={`${p.firstName} ${p.lastName}`} appointments={p.appointments} archived={p.archived} onChanged={patient.reload} />
      </section>
      <ConsentSection patientId={p.id} />
      <PatientMessages patientId={p.id} />
      {editing && (
        <PatientFormDialog
          patient={p}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            patient.reload();
          }}
        />
      )}
    </div>
  );
}
