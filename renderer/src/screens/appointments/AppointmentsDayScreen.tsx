/**
 * Appointments in the clinic's time zone, a day or a week at a time, for everyone or one
 * clinician: each with its confirmation, reminder state (last reminder and its delivery, the
 * patient's reply, the next one due) and warnings. Keyboard: ←/→ previous and next day or week,
 * t today, d day view, w week view, j/k next and previous appointment (Enter opens it), b book
 * (all listed under `?`).
 */
import './appointments.css';
import { Button, ButtonGroup, H2, HTMLSelect, InputGroup, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppointmentView, PatientSummary } from '../../../../shared/domain';
import { useQuery } from '../../ipc/useQuery';
import { formatCalendarDate, formatCalendarRange } from '../../../../shared/datetime';
import { shiftDay, todayIn, weekStart } from '../../lib/date-fields';
import { useWhere } from '../../lib/useWhere';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { navigate } from '../../navigation/route';
import { useScreenHotkeys } from '../../lib/useScreenHotkeys';
import { AppointmentTable, isChangeable } from './AppointmentTable';
import { AppointmentFormDialog } from './AppointmentFormDialog';
import { CancelAppointmentAlert } from './CancelAppointmentAlert';
import { AppointmentsWeek } from './AppointmentsWeek';
import { PatientPickerDialog } from '../../patient-picker/PatientPickerDialog';

/** Moves keyboard focus to the next (or previous) appointment in reading order; Enter then opens it. */
function focusAppointment(view: 'day' | 'week', step: 1 | -1): void {
  const selector = view === 'week' ? '[data-testid="week-appointment"]' : '[data-testid="appointment-patient"]';
  const items = [...document.querySelectorAll<HTMLElement>(selector)];
  if (items.length === 0) return;
  const at = items.findIndex((el) => el === document.activeElement);
  const next = at < 0 ? (step === 1 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
  items[next]?.focus();
}

type Editing = { kind: 'edit' | 'cancel'; appointment: AppointmentView } | { kind: 'pick' } | { kind: 'book'; patient: PatientSummary } | null;

export function AppointmentsDayScreen({ date: routeDate }: { date: string | undefined }) {
  const where = useWhere();
  const today = todayIn(where.zone);
  const date = routeDate ?? today;
  const [view, setView] = useState<'day' | 'week'>('day');
  const [clinician, setClinician] = useState('');
  const from = view === 'week' ? weekStart(date) : date;
  const schedule = useQuery('appointments.schedule', { from, days: view === 'week' ? 7 : 1, ...(clinician ? { clinician } : {}) }, { refreshOn: ['appointments.changed'] });
  const options = useQuery('appointments.options', {}, { refreshOn: ['appointments.changed'] });
  const [editing, setEditing] = useState<Editing>(null);
  const go = (next: string) => navigate({ screen: 'appointments', date: next });
  const step = view === 'week' ? 7 : 1;
  useScreenHotkeys('Appointments', [
    { combo: 'left', label: view === 'week' ? 'Previous week' : 'Previous day', run: () => go(shiftDay(date, -step)) },
    { combo: 'right', label: view === 'week' ? 'Next week' : 'Next day', run: () => go(shiftDay(date, step)) },
    { combo: 't', label: 'Today', run: () => go(today) },
    { combo: 'd', label: 'Day view', run: () => setView('day') },
    { combo: 'w', label: 'Week view', run: () => setView('week') },
    { combo: 'j', label: 'Next appointment', run: () => focusAppointment(view, 1) },
    { combo: 'k', label: 'Previous appointment', run: () => focusAppointment(view, -1) },
    { combo: 'b', label: 'Book an appointment on this day', run: () => setEditing({ kind: 'pick' }) },
  ]);
  const done = () => {
    setEditing(null);
    schedule.reload();
  };
  const dayTitle = formatCalendarDate(date, where.locale, 'long');
  const title = view === 'week' ? `Week of ${formatCalendarRange(from, shiftDay(from, 6), where.locale)}` : dayTitle;
  const list = schedule.value ?? [];

  return (
    <div className="fd-screen" data-testid="screen-appointments">
      <div className="fd-screen-header">
        <H2 data-testid="day-title">{title}</H2>
        {schedule.loading && schedule.value && <Spinner size={16} />}
        <ButtonGroup>
          <Button icon="chevron-left" aria-label={view === 'week' ? 'Previous week' : 'Previous day'} onClick={() => go(shiftDay(date, -step))} data-testid="day-previous" />
          <Button text="Today" disabled={date === today} onClick={() => go(today)} data-testid="day-today" />
          <Button icon="chevron-right" aria-label={view === 'week' ? 'Next week' : 'Next day'} onClick={() => go(shiftDay(date, step))} data-testid="day-next" />
        </ButtonGroup>
        <ButtonGroup>
          <Button text="Day" active={view === 'day'} onClick={() => setView('day')} title="Day view (d)" data-testid="view-day" />
          <Button text="Week" active={view === 'week'} onClick={() => setView('week')} title="Week view (w)" data-testid="view-week" />
        </ButtonGroup>
        <HTMLSelect value={clinician} onChange={(e) => setClinician(e.currentTarget.value)} aria-label="Clinician" data-testid="appointments-clinician">
          <option value="">All clinicians</option>
          {(options.value?.clinicians ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </HTMLSelect>
        <InputGroup type="date" aria-label="Go to date" value={date} onValueChange={(value) => value && go(value)} data-testid="day-date" />
        <Button icon="add" intent={Intent.PRIMARY} text="Book" title="Book an appointment on this day (b)" onClick={() => setEditing({ kind: 'pick' })} data-testid="day-book" />
      </div>
      <ErrorCallout error={schedule.error} title="The appointments could not be loaded" />
      {!schedule.value && !schedule.error && <NonIdealState icon={<Spinner />} title="Loading appointments…" />}
      {view === 'week' && schedule.value && (
        <AppointmentsWeek
          from={from}
          today={today}
          where={where}
          appointments={list}
          onOpen={(a) => (isChangeable(a) ? setEditing({ kind: 'edit', appointment: a }) : navigate({ screen: 'patients', patientId: a.patientId }))}
          onDay={(d) => {
            setView('day');
            go(d);
          }}
        />
      )}
      {view === 'day' && schedule.value && list.length === 0 && (
        <NonIdealState icon="calendar" title="No appointments on this day" description="Book one here (b), or from a patient’s profile." action={<Button icon="add" text="Book an appointment" onClick={() => setEditing({ kind: 'pick' })} />} />
      )}
      {view === 'day' && list.length > 0 && (
        <AppointmentTable
          appointments={list}
          dayView
          onOpenPatient={(patientId) => navigate({ screen: 'patients', patientId })}
          onEdit={(a) => setEditing({ kind: 'edit', appointment: a })}
          onCancel={(a) => setEditing({ kind: 'cancel', appointment: a })}
        />
      )}
      {editing?.kind === 'edit' && (
        <AppointmentFormDialog patientId={editing.appointment.patientId} patientName={editing.appointment.patientName} appointment={editing.appointment} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'pick' && <PatientPickerDialog title={`Book on ${dayTitle}: choose the patient`} onClose={() => setEditing(null)} onPick={(patient) => setEditing({ kind: 'book', patient })} />}
      {editing?.kind === 'book' && (
        <AppointmentFormDialog patientId={editing.patient.id} patientName={`${editing.patient.firstName} ${editing.patient.lastName}`} defaultDate={date} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'cancel' && <CancelAppointmentAlert appointment={editing.appointment} onClose={() => setEditing(null)} onCancelled={done} />}
    </div>
  );
}
