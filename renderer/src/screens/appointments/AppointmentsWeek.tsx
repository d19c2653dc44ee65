/**
 * A week of one clinician's (or everyone's) appointments: a column per day, a card per
 * appointment with its confirmation, reminder state and warnings. Cards are buttons in reading
 * order, so Tab and Shift+Tab walk the week and Enter opens the appointment; the screen's hotkeys
 * (listed under `?`) move by week.
 */
import { Button, Intent, Tag } from '@blueprintjs/core';
import type { ScheduledAppointment } from '../../../../shared/contract/appointments';
import { formatCalendarDate, formatTime, type Where } from '../../../../shared/datetime';
import { dayOf, shiftDay } from '../../lib/date-fields';
import { confirmationText, reminderLines } from './reminder-state';

interface Props {
  from: string;
  today: string;
  where: Where;
  appointments: ScheduledAppointment[];
  onOpen(appointment: ScheduledAppointment): void;
  onDay(date: string): void;
}

export function AppointmentsWeek({ from, today, where, appointments, onOpen, onDay }: Props) {
  const days = Array.from({ length: 7 }, (_, i) => shiftDay(from, i));
  return (
    <div className="fd-week" data-testid="appointments-week" aria-label={`Week of ${from}`}>
      {days.map((iso) => {
        const list = appointments.filter((a) => dayOf(a.startsAt, where.zone) === iso);
        return (
          <section key={iso} className={`fd-week-day${iso === today ? ' fd-week-today' : ''}`} data-testid="week-day" data-date={iso}>
            <Button variant="minimal" className="fd-week-day-title" text={formatCalendarDate(iso, where.locale, 'weekday')} onClick={() => onDay(iso)} title="Open this day" />
            {list.length === 0 && <div className="fd-muted fd-week-empty">—</div>}
            {list.map((a) => (
              <button
                key={a.id}
                type="button"
                className={`fd-week-card fd-status-${a.status}`}
                onClick={() => onOpen(a)}
                data-testid="week-appointment"
                aria-label={`${formatTime(a.startsAt, where)} ${a.patientName} with ${a.clinician}, ${confirmationText(a, where)}`}
              >
                <div className="fd-week-card-head">
                  <strong>{formatTime(a.startsAt, where)}</strong> {a.patientName}
                </div>
                <div className="fd-muted">
                  {a.clinician}
                  {a.location ? ` · ${a.location}` : ''}
                </div>
                <Tag minimal intent={a.status === 'confirmed' ? Intent.SUCCESS : a.status === 'booked' ? Intent.PRIMARY : Intent.NONE} data-testid="week-confirmation">
                  {confirmationText(a, where)}
                </Tag>
                <ul className="fd-week-reminders" data-testid="week-reminder">
                  {reminderLines(a, where).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {a.warnings.map((w) => (
                  <Tag key={w.code} minimal intent={Intent.WARNING} icon="warning-sign" data-testid={`week-warning-${w.code}`} title={w.message}>
                    {w.code === 'past' ? 'in the past' : 'overlap'}
                  </Tag>
                ))}
              </button>
            ))}
          </section>
        );
      })}
    </div>
  );
}
