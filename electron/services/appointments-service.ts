/**
 * Appointments: booking, editing, moving and cancelling. Other parts of the app (reminders,
 * notices) follow changes through `onChange`; a listener's failure never fails the change.
 */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import { conflict, notFound } from '../foundation/errors';
import type { EventBus } from '../foundation/event-bus';
import type { Logger } from '../foundation/logger';
import { findPatient } from '../repos/patients-repo';
import {
  findAppointment,
  findAppointmentView,
  insertAppointment,
  listAppointmentsBetween,
  appointmentOptions,
  listAppointmentsForPatient,
  updateAppointment,
  type AppointmentChange,
} from '../repos/appointments-repo';
import type { AppointmentView } from '../../shared/domain';
import type { InputOf } from '../../shared/contract';
import type { BookingWarning, ScheduledAppointment } from '../../shared/contract/appointments';
import { bookingWarnings, scheduleBetween } from './appointment-schedule';

export type { AppointmentChange, AppointmentChangeKind } from '../repos/appointments-repo';
export type AppointmentChangeListener = (change: AppointmentChange) => void;

export class AppointmentsService {
  private readonly listeners = new Set<AppointmentChangeListener>();

  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly clinicTimeZone: () => string,
  ) {}

  onChange(listener: AppointmentChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(input: InputOf<'appointments.create'>, source: AppointmentChange['source'] = 'staff'): AppointmentView {
    const patient = findPatient(this.db, input.patientId);
    if (!patient) throw notFound('That patient');
    if (patient.archived) throw conflict('That patient is archived; restore them before booking');
    const now = this.clock.now();
    const row = insertAppointment(this.db, {
      patientId: input.patientId,
      clinician: input.clinician,
      location: input.location ?? '',
      reason: input.reason ?? null,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes ?? 30,
      externalId: input.externalId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    this.changed({ kind: 'created', before: null, after: row, source });
    return this.view(row.id);
  }

  update(input: InputOf<'appointments.update'>, source: AppointmentChange['source'] = 'staff'): AppointmentView {
    const { id, ...fields } = input;
    const before = findAppointment(this.db, id);
    if (!before) throw notFound('That appointment');
    if (before.status === 'cancelled') throw conflict('That appointment is cancelled; book a new one instead');
    const moved = fields.startsAt !== undefined && fields.startsAt !== before.startsAt;
    const after = updateAppointment(this.db, id, {
      ...fields,
      ...(moved
        ? { scheduleRevision: before.scheduleRevision + 1, status: 'booked' as const, confirmedAt: null, confirmedVia: null }
        : {}),
      updatedAt: this.clock.now(),
    });
    if (!after) throw notFound('That appointment');
    this.changed({ kind: moved ? 'moved' : 'updated', before, after, source });
    return this.view(id);
  }

  cancel(id: number, source: AppointmentChange['source'] = 'staff'): AppointmentView {
    const before = findAppointment(this.db, id);
    if (!before) throw notFound('That appointment');
    if (before.status === 'cancelled') return this.view(id);
    const after = updateAppointment(this.db, id, { status: 'cancelled', updatedAt: this.clock.now() });
    if (!after) throw notFound('That appointment');
    this.changed({ kind: 'cancelled', before, after, source });
    return this.view(id);
  }

  /**
   * Staff mark an appointment confirmed (how: 'staff'), completed or a no-show. Completed and
   * no-show only once it has started; a cancelled appointment stays cancelled.
   */
  setStatus(id: number, status: 'confirmed' | 'completed' | 'no_show'): AppointmentView {
    const before = findAppointment(this.db, id);
    if (!before) throw notFound('That appointment');
    if (before.status === status) return this.view(id);
    if (before.status === 'cancelled') throw conflict('That appointment is cancelled; book a new one instead');
    const now = this.clock.now();
    if (status === 'confirmed' && before.status !== 'booked' && before.status !== 'rescheduled') {
      throw conflict(`Only a booked appointment can be confirmed; this one is ${before.status.replace('_', '-')}`);
    }
    if (status !== 'confirmed' && before.startsAt > now) {
      throw conflict(`An appointment can be marked ${status === 'completed' ? 'completed' : 'a no-show'} only once it has started`);
    }
    const after = updateAppointment(this.db, id, {
      status,
      ...(status === 'confirmed' ? { confirmedAt: now, confirmedVia: 'staff' } : {}),
      updatedAt: now,
    });
    if (!after) throw notFound('That appointment');
    this.changed({ kind: 'updated', before, after, source: 'staff' });
    return this.view(id);
  }

  /** Appointments on a calendar day in the clinic's time zone. */
  schedule(input: InputOf<'appointments.schedule'>): ScheduledAppointment[] {
    return scheduleBetween(this.db, input, this.clock.now(), this.clinicTimeZone());
  }

  check(input: InputOf<'appointments.check'>): BookingWarning[] {
    return bookingWarnings(this.db, { id: input.id ?? null, clinician: input.clinician, startsAt: input.startsAt, durationMinutes: input.durationMinutes ?? 30 }, this.clock.now(), this.clinicTimeZone());
  }

  options(): { clinicians: string[]; locations: string[] } {
    return appointmentOptions(this.db);
  }

  listByDay(date: string): AppointmentView[] {
    const start = DateTime.fromISO(date, { zone: this.clinicTimeZone() }).startOf('day');
    const end = start.plus({ days: 1 });
    return listAppointmentsBetween(this.db, start.toMillis(), end.toMillis());
  }

  listForPatient(patientId: number): AppointmentView[] {
    if (!findPatient(this.db, patientId)) throw notFound('That patient');
    return listAppointmentsForPatient(this.db, patientId);
  }

  /**
   * Announces changes another module already wrote through the appointments repo inside its own
   * transaction (an import), after that transaction committed: the same events and listeners a
   * staff edit triggers.
   */
  publish(changes: readonly AppointmentChange[]): void {
    for (const change of changes) this.changed(change);
  }

  private view(id: number): AppointmentView {
    const view = findAppointmentView(this.db, id);
    if (!view) throw notFound('That appointment');
    return view;
  }

  private changed(change: AppointmentChange): void {
    this.events.emit('appointments.changed', { appointmentId: change.after.id, patientId: change.after.patientId });
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // Messaging about a change is best-effort: the change itself stands. Logged, not hidden.
        this.logger.error('appointment change listener failed', { appointmentId: change.after.id, kind: change.kind, error });
      }
    }
  }
}
