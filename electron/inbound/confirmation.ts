/**
 * What a "C"/"CONFIRM" reply confirms (DESIGN section 6): the appointments of the most recent
 * reminder that reached this address and can still be answered (delivered to the provider, not
 * failed; an appointment in it still upcoming at the revision it reminded). A grouped family
 * reminder confirms every appointment it named. With nothing reminded, the one upcoming booked
 * appointment of the household in the next 7 days, if there is exactly one. SQL and wording only.
 */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';

export const UNREMINDED_LOOKAHEAD_MS = 7 * 24 * 60 * 60_000;

export interface ConfirmableAppointment {
  id: number;
  patientId: number;
  firstName: string;
  startsAt: number;
  status: string;
  timeZone: string | null;
}

/** Delivery states meaning the reminder reached (or is reaching) the provider: it can be answered. */
const REACHED = `('sending','sent','delivered','read')`;

/** The most recent answerable reminder message to this address and the appointments it named. */
export function answeredReminder(db: AppDb, address: string, now: number): { messageId: number; appointments: ConfirmableAppointment[] } | null {
  const row = db.$client
    .prepare(
      `select m.id as messageId from reminder_sends s
       join messages m on m.id = s.message_id
       join appointments a on a.id = s.appointment_id and a.schedule_revision = s.schedule_revision
       where s.address = ? and s.outcome in ('queued','duplicate') and m.origin = 'reminder'
         and a.status in ('booked','confirmed') and a.starts_at > ?
         and exists (select 1 from deliveries d where d.message_id = m.id and d.address = s.address and d.state in ${REACHED})
       order by m.created_at desc, m.id desc limit 1`,
    )
    .get(address, now) as { messageId: number } | undefined;
  if (!row) return null;
  const appointments = db.$client
    .prepare(
      `select distinct a.id, a.patient_id as patientId, p.first_name as firstName, a.starts_at as startsAt, a.status, p.time_zone as timeZone
       from reminder_sends s join appointments a on a.id = s.appointment_id and a.schedule_revision = s.schedule_revision
       join patients p on p.id = a.patient_id
       where s.message_id = ? and a.status in ('booked','confirmed') and a.starts_at > ?
       order by a.starts_at, a.id`,
    )
    .all(row.messageId, now) as ConfirmableAppointment[];
  return { messageId: row.messageId, appointments };
}

/** Upcoming booked appointments in the next 7 days of the households of the patients at this address. */
export function householdUpcomingBooked(db: AppDb, patientIds: number[], now: number): ConfirmableAppointment[] {
  if (patientIds.length === 0) return [];
  const marks = patientIds.map(() => '?').join(',');
  return db.$client
    .prepare(
      `select a.id, a.patient_id as patientId, p.first_name as firstName, a.starts_at as startsAt, a.status, p.time_zone as timeZone
       from appointments a join patients p on p.id = a.patient_id
       where p.archived = 0 and a.status = 'booked' and a.starts_at > ? and a.starts_at <= ?
         and (p.id in (${marks}) or p.household_id in (select household_id from patients where id in (${marks}) and household_id is not null))
       order by a.starts_at, a.id`,
    )
    .all(now, now + UNREMINDED_LOOKAHEAD_MS, ...patientIds, ...patientIds) as ConfirmableAppointment[];
}

/** "Thanks, Maria's visit on Wed Dec 2 at 10:00 AM is confirmed." (each in the patient's own zone). */
export function confirmedText(items: ConfirmableAppointment[], clinic: { clinicName: string; timeZone: string }): string {
  const parts = items.map(
    (a) => `${a.firstName}'s visit on ${DateTime.fromMillis(a.startsAt, { zone: a.timeZone ?? clinic.timeZone }).toFormat("ccc LLL d 'at' h:mm a")}`,
  );
  const list = parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
  return `Thanks, ${list} ${parts.length > 1 ? 'are' : 'is'} confirmed. ${clinic.clinicName}`;
}

export function unmatchedConfirmText(clinic: { clinicName: string }): string {
  return `Thanks for your reply. We could not tell which appointment you mean; ${clinic.clinicName} will get back to you.`;
}
