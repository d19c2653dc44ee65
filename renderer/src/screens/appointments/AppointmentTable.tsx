/** Appointments as a table, with edit and cancel actions; optionally with the patient's name. */
import { Button, HTMLTable, Intent, Tag } from '@blueprintjs/core';
import type { AppointmentStatus, AppointmentView } from '../../../../shared/domain';
import { formatDateTime, formatTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { AppointmentStatusButtons } from './AppointmentStatusButtons';
import type { ScheduledAppointment } from '../../../../shared/contract/appointments';
import { reminderLines } from './reminder-state';

const statusIntent: Record<AppointmentStatus, Intent> = {
  booked: Intent.PRIMARY,
  confirmed: Intent.SUCCESS,
  cancelled: Intent.NONE,
  rescheduled: Intent.WARNING,
  completed: Intent.NONE,
  no_show: Intent.DANGER,
};

export function isChangeable(a: AppointmentView): boolean {
  return a.status !== 'cancelled' && a.status !== 'completed' && a.status !== 'no_show';
}

/** With the schedule's extras (day view), the table also shows reminder state and warnings. */
type Row = AppointmentView & Partial<Pick<ScheduledAppointment, 'reminder' | 'warnings'>>;

export interface AppointmentTableProps {
  appointments: Row[];
  /** Day view: time only, plus the patient's name linking to the profile. */
  dayView?: boolean;
  onOpenPatient?(patientId: number): void;
  onEdit(appointment: AppointmentView): void;
  onCancel(appointment: AppointmentView): void;
}

export function AppointmentTable({ appointments, dayView, onOpenPatient, onEdit, onCancel }: AppointmentTableProps) {
  const where = useWhere();
  const withReminders = appointments.some((a) => a.reminder);
  return (
    <HTMLTable className="fd-table" compact striped data-testid="appointment-table">
      <thead>
        <tr>
          <th>{dayView ? 'Time' : 'When'}</th>
          {dayView && <th>Patient</th>}
          <th>Clinician</th>
          <th>Location</th>
          <th>Duration</th>
          <th>Status</th>
          {withReminders && <th>Reminders</th>}
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {appointments.map((a) => (
          <tr key={a.id} data-testid="appointment-row">
            <td>{dayView ? formatTime(a.startsAt, where) : formatDateTime(a.startsAt, where)}</td>
            {dayView && (
              <td>
                <Button variant="minimal" small text={a.patientName} onClick={() => onOpenPatient?.(a.patientId)} data-testid="appointment-patient" />
              </td>
            )}
            <td data-testid="appointment-clinician-cell">{a.clinician}</td>
            <td>{a.location || '—'}</td>
            <td>{a.durationMinutes} min</td>
            <td>
              <Tag minimal intent={statusIntent[a.status]} data-testid="appointment-status">
                {a.status.replace('_', '-')}
              </Tag>
              {a.warnings?.map((w) => (
                <Tag key={w.code} minimal intent={Intent.WARNING} icon="warning-sign" title={w.message} className="fd-gap-left" data-testid={`appointment-warning-${w.code}`}>
                  {w.code === 'past' ? 'in the past' : 'overlap'}
                </Tag>
              ))}
            </td>
            {withReminders && (
              <td className="fd-reminder-cell" data-testid="appointment-reminder">
                {a.reminder && a.warnings && (
                  <ul>
                    {reminderLines({ ...a, reminder: a.reminder, warnings: a.warnings }, where).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </td>
            )}
            <td className="fd-actions">
              {isChangeable(a) && (
                <>
                  <AppointmentStatusButtons appointment={a} />
                  <Button small variant="minimal" icon="edit" text="Edit" onClick={() => onEdit(a)} data-testid="appointment-edit" />
                  <Button small variant="minimal" icon="cross" text="Cancel" intent={Intent.DANGER} onClick={() => onCancel(a)} data-testid="appointment-cancel" />
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
