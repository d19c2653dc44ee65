/** Reminder state per appointment for the day and week views (SQL only). */
import { sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';

export interface LastReminderRow {
  appointment_id: number;
  at: number;
  rule: string;
  channel: string | null;
  state: string | null;
  reason_code: string | null;
  reply_at: number | null;
  reply_body: string | null;
}

/**
 * For each appointment, the latest reminder queued for its current revision (a rule skipped
 * because a closer one went is no reminder), the state of that
 * message's latest delivery, and the newest inbound message in the same conversation after it.
 */
export function lastReminders(db: AppDb, appointmentIds: readonly number[]): Map<number, LastReminderRow> {
  if (appointmentIds.length === 0) return new Map();
  const rows = db.all<LastReminderRow>(sql`
    select s.appointment_id as appointment_id, s.created_at as at, r.name as rule, s.channel as channel,
      d.state as state, coalesce(d.reason_code, case when s.outcome = 'refused' then s.detail end) as reason_code,
      reply.created_at as reply_at, reply.body as reply_body
    from reminder_sends s
    join appointments a on a.id = s.appointment_id and a.schedule_revision = s.schedule_revision
    join reminder_rules r on r.id = s.rule_id
    left join messages m on m.id = s.message_id
    left join deliveries d on d.id = (select max(d2.id) from deliveries d2 where d2.message_id = s.message_id)
    left join messages reply on reply.id = (
      select max(i.id) from messages i where m.id is not null and i.conversation_id = m.conversation_id and i.direction = 'inbound' and i.created_at >= s.created_at)
    where s.appointment_id in (select value from json_each(${JSON.stringify(appointmentIds)}))
      and s.id = (select max(s2.id) from reminder_sends s2
        where s2.appointment_id = s.appointment_id and s2.schedule_revision = s.schedule_revision and s2.outcome != 'skipped')`);
  return new Map(rows.map((r) => [r.appointment_id, r]));
}

/** Which rules already covered each appointment's current revision: `appointmentId:ruleId`. */
export function coveredRuleKeys(db: AppDb, appointmentIds: readonly number[]): Set<string> {
  if (appointmentIds.length === 0) return new Set();
  const rows = db.all<{ a: number; r: number }>(sql`
    select s.appointment_id as a, s.rule_id as r from reminder_sends s
    join appointments ap on ap.id = s.appointment_id and ap.schedule_revision = s.schedule_revision
    where s.appointment_id in (select value from json_each(${JSON.stringify(appointmentIds)}))`);
  return new Set(rows.map((x) => `${x.a}:${x.r}`));
}

/** Live bookings of a clinician overlapping [from, to), other than `exceptId`. */
export function overlappingBookings(db: AppDb, clinician: string, from: number, to: number, exceptId: number | null): Array<{ id: number; startsAt: number; patientName: string }> {
  return db.all(sql`
    select a.id as id, a.starts_at as startsAt, p.first_name || ' ' || p.last_name as patientName
    from appointments a join patients p on p.id = a.patient_id
    where a.clinician = ${clinician} and a.status in ('booked', 'confirmed')
      and a.starts_at < ${to} and a.starts_at + a.duration_minutes * 60000 > ${from}
      and a.id <> ${exceptId ?? -1}
    order by a.starts_at`);
}
