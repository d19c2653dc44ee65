/** Book or edit an appointment: clinician, location, reason, date and time (clinic's time zone), duration. */
import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { AppointmentView } from '../../../../shared/domain';
import { useSubmit } from '../../ipc/useSubmit';
import { useQuery } from '../../ipc/useQuery';
import { useDebounced } from '../../lib/useDebounced';
import { useClinic } from '../../lib/ClinicContext';
import { dateAndTimeOf, instantFrom, todayIn } from '../../lib/date-fields';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, withoutPath, type FieldErrors } from '../../forms/issues';

const DURATIONS = [5, 10, 15, 20, 30, 45, 60, 90, 120];

interface Values {
  clinician: string;
  location: string;
  reason: string;
  date: string;
  time: string;
  durationMinutes: number;
}

export interface AppointmentFormDialogProps {
  patientId: number;
  patientName: string;
  appointment?: AppointmentView;
  /** For a new appointment: the day to start from (default today). */
  defaultDate?: string;
  onClose(): void;
  onSaved(appointment: AppointmentView): void;
}

export function AppointmentFormDialog({ patientId, patientName, appointment, defaultDate, onClose, onSaved }: AppointmentFormDialogProps) {
  const { settings } = useClinic();
  const zone = settings.timeZone;
  const [values, setValues] = useState<Values>(() => {
    const when = appointment ? dateAndTimeOf(appointment.startsAt, zone) : { date: defaultDate ?? todayIn(zone), time: '' };
    return {
      clinician: appointment?.clinician ?? '',
      location: appointment?.location ?? '',
      reason: appointment?.reason ?? '',
      date: when.date,
      time: when.time,
      durationMinutes: appointment?.durationMinutes ?? 30,
    };
  });
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const create = useSubmit('appointments.create');
  const update = useSubmit('appointments.update');
  const saving = appointment ? update : create;

  const startsAt = instantFrom(values.date, values.time, zone);
  const local: FieldErrors = {};
  if (values.clinician.trim() === '') local.clinician = 'Clinician is required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) local.date = 'Choose a date';
  if (!/^\d{2}:\d{2}$/.test(values.time)) local.time = 'Choose a time';
  else if (startsAt === null) local.time = `This time does not exist in ${zone}`;
  const errorOf = (field: string) => (attempted ? local[field] : undefined) ?? serverErrors[field] ?? (field === 'time' ? serverErrors.startsAt : undefined);

  const set = <K extends keyof Values>(field: K) => (value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors((e) => withoutPath(field === 'date' || field === 'time' ? withoutPath(e, 'startsAt') : e, field));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(local).length > 0 || startsAt === null) return;
    const fields = {
      clinician: values.clinician.trim(),
      location: values.location.trim(),
      reason: values.reason.trim() || null,
      startsAt,
      durationMinutes: values.durationMinutes,
    };
    const saved = appointment ? await update.submit({ id: appointment.id, ...fields }) : await create.submit({ patientId, ...fields });
    if (saved.ok) onSaved(saved.value);
    else setServerErrors(issuesByPath(saved.error));
  };

  // Warnings, not refusals: a booking in the past or overlapping the clinician's other bookings.
  const settledKey = useDebounced(JSON.stringify({ clinician: values.clinician.trim(), startsAt, durationMinutes: values.durationMinutes }), 300);
  const settled = JSON.parse(settledKey) as { clinician: string; startsAt: number | null; durationMinutes: number };
  const check = useQuery(
    'appointments.check',
    { clinician: settled.clinician || '-', startsAt: settled.startsAt ?? 0, durationMinutes: settled.durationMinutes, ...(appointment ? { id: appointment.id } : {}) },
    { enabled: settled.clinician !== '' && settled.startsAt !== null },
  );
  const warnings = settled.clinician !== '' && settled.startsAt !== null ? (check.value ?? []) : [];

  const shown = (path: string) => ['clinician', 'location', 'reason', 'startsAt', 'durationMinutes'].includes(path);

  return (
    <Dialog isOpen onClose={onClose} title={appointment ? `Edit appointment — ${patientName}` : `New appointment — ${patientName}`} icon="calendar" className="fd-dialog-wide">
      <form onSubmit={onSubmit} noValidate data-testid="appointment-form">
        <DialogBody>
          <div className="fd-row">
            <TextField label="Clinician" value={values.clinician} onChange={set('clinician')} autoFocus required testId="appointment-clinician" error={errorOf('clinician')} placeholder="Dr. Rivera" />
            <TextField label="Location" value={values.location} onChange={set('location')} testId="appointment-location" error={errorOf('location')} placeholder="Main office" />
          </div>
          <div className="fd-row">
            <TextField label="Date" type="date" value={values.date} onChange={set('date')} required testId="appointment-date" error={errorOf('date')} />
            <TextField label="Time" type="time" value={values.time} onChange={set('time')} required testId="appointment-time" error={errorOf('time')} helper={`Clinic time (${zone})`} />
            <FormGroup label="Duration" labelFor="appointment-duration" intent={serverErrors.durationMinutes ? Intent.DANGER : Intent.NONE} helperText={serverErrors.durationMinutes}>
              <HTMLSelect
                id="appointment-duration"
                fill
                value={String(values.durationMinutes)}
                onChange={(e) => set('durationMinutes')(Number(e.currentTarget.value))}
                options={(DURATIONS.includes(values.durationMinutes) ? DURATIONS : [...DURATIONS, values.durationMinutes]).map((m) => ({ value: String(m), label: `${m} min` }))}
                data-testid="appointment-duration"
              />
            </FormGroup>
          </div>
          <TextField label="Reason" value={values.reason} onChange={set('reason')} testId="appointment-reason" error={errorOf('reason')} helper="Kept inside Frontdesk; reminders by SMS never include it." />
          {warnings.length > 0 && (
            <Callout intent={Intent.WARNING} icon="warning-sign" className="fd-gap-bottom" data-testid="appointment-warnings">
              {warnings.map((w) => (
                <div key={w.code} data-testid={`appointment-warning-${w.code}`}>
                  {w.message}
                </div>
              ))}
              <div className="fd-muted">You can save it all the same.</div>
            </Callout>
          )}
          <ErrorCallout error={saving.error} extra={unplacedIssues(serverErrors, shown)} title="The appointment was not saved" testId="appointment-form-error" />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} data-testid="appointment-form-cancel" />
              <Button type="submit" intent={Intent.PRIMARY} text={appointment ? 'Save changes' : 'Book appointment'} loading={saving.submitting} data-testid="appointment-save" />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
