/**
 * Follows appointment changes (staff, import, a patient's reply): cancelling or moving one
 * cancels its queued reminders (grouped ones too, whose other members are then planned again);
 * moving plans the new ones; and each change queues its notice (booked / moved / cancelled).
 * Best-effort: this runs after the change is committed, never fails it and never waits on a
 * provider (queueing is one local transaction).
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { reminderSends, templates } from '../db/schema';
import type { Logger } from '../foundation/logger';
import type { AppointmentChange } from '../repos/appointments-repo';
import type { MessagingPort } from '../engine/messaging-port';
import { DateTime } from 'luxon';
import { zoneOr } from '../../shared/time-zone';
import { findPatient } from '../repos/patients-repo';
import type { ClinicInfo } from './reminder-planner';

export type NoticeKind = 'booked' | 'moved' | 'cancelled';

/** Template names looked up for each notice; without one the built-in wording is used. */
export const NOTICE_TEMPLATE_NAMES: Record<NoticeKind, string> = {
  booked: 'Appointment booked',
  moved: 'Appointment moved',
  cancelled: 'Appointment cancelled',
};

export interface AppointmentSyncDeps {
  db: AppDb;
  messaging: MessagingPort;
  logger: Logger;
  clinic: () => ClinicInfo;
  /** Which notices are sent (clinic setting). */
  notices: () => Record<NoticeKind, boolean>;
  /** Plans reminders now (a moved appointment may already be inside a rule's window). */
  replan: () => void;
  now: () => number;
}

export function createAppointmentSync(deps: AppointmentSyncDeps) {
  const { db, logger } = deps;

  /** Cancels the queued reminders covering the appointment; un-covers group siblings that lost theirs. */
  function cancelReminders(appointmentId: number): number {
    let cancelled = deps.messaging.cancelQueuedFor({ appointmentId }, 'appointment_changed');
    const grouped = db
      .selectDistinct({ messageId: reminderSends.messageId })
      .from(reminderSends)
      .where(and(eq(reminderSends.appointmentId, appointmentId), isNotNull(reminderSends.messageId)))
      .all();
    for (const { messageId } of grouped) {
      if (messageId === null) continue;
      cancelled += deps.messaging.cancelQueuedFor({ messageId }, 'appointment_changed');
      const deliveries = deps.messaging.deliveryStatus({ messageId });
      const neverSent = deliveries.length > 0 && deliveries.every((d) => d.state === 'cancelled');
      if (neverSent) {
        // The siblings were never reminded: plan them again (a new group, a new dedupe key).
        const siblings = db.select({ id: reminderSends.id }).from(reminderSends).where(eq(reminderSends.messageId, messageId)).all();
        if (siblings.length > 0) db.delete(reminderSends).where(inArray(reminderSends.id, siblings.map((s) => s.id))).run();
      }
    }
    return cancelled;
  }

  function notice(kind: NoticeKind, change: AppointmentChange): void {
    if (!deps.notices()[kind]) return;
    const a = change.after;
    const now = deps.now();
    if (kind !== 'cancelled' && a.startsAt <= now) return;
    if (kind === 'cancelled' && change.before && change.before.startsAt <= now) return;
    const patient = findPatient(db, a.patientId);
    if (!patient || patient.archived) return;
    const template = db
      .select({ id: templates.id })
      .from(templates)
      .where(and(eq(templates.name, NOTICE_TEMPLATE_NAMES[kind]), eq(templates.archived, false)))
      .get();
    const clinic = deps.clinic();
    const when = DateTime.fromMillis(a.startsAt, { zone: zoneOr(patient.timeZone, clinic.timeZone) }).toFormat("ccc LLL d 'at' h:mm a");
    const body =
      kind === 'booked'
        ? `${clinic.name}: ${patient.firstName}'s appointment is booked for ${when} with ${a.clinician}. Reply STOP to opt out.`
        : kind === 'moved'
          ? `${clinic.name}: ${patient.firstName}'s appointment has moved to ${when} with ${a.clinician}. Reply STOP to opt out.`
          : `${clinic.name}: ${patient.firstName}'s appointment on ${when} is cancelled.${clinic.phone ? ` Call ${clinic.phone} to book again.` : ''}`;
    const subject = kind === 'booked' ? 'Appointment booked' : kind === 'moved' ? 'Appointment moved' : 'Appointment cancelled';
    const out = deps.messaging.queue({
      to: { patientId: a.patientId },
      origin: 'appointment_event',
      purpose: 'transactional',
      ...(template ? { templateId: template.id } : { body, subject }),
      // The engine builds `appointment.*` from appointmentId; only extras go here.
      variables: { change: kind },
      appointmentId: a.id,
      dedupeKey: kind === 'cancelled' ? `appointment:${a.id}:cancelled` : `appointment:${a.id}:${kind}:${a.scheduleRevision}`,
    });
    if (out.status === 'refused') logger.info('appointment notice not sent', { appointmentId: a.id, kind, reason: out.reason });
  }

  return {
    cancelReminders,
    onChange(change: AppointmentChange): void {
      try {
        switch (change.kind) {
          case 'cancelled':
            cancelReminders(change.after.id);
            notice('cancelled', change);
            break;
          case 'moved':
            cancelReminders(change.after.id);
            notice('moved', change);
            deps.replan();
            break;
          case 'created':
            notice('booked', change);
            deps.replan();
            break;
          default:
            break;
        }
      } catch (error) {
        // The change stands whatever happens to its messages.
        logger.error('appointment messaging failed', { appointmentId: change.after.id, kind: change.kind, error });
      }
    },
  };
}
