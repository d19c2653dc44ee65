/** reminder_sends: which rule covered which appointment revision (SQL only). */
import { and, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { reminderSends } from '../db/schema';

export type ReminderSendRow = typeof reminderSends.$inferSelect;
export type NewReminderSend = typeof reminderSends.$inferInsert;

/** Keys `appointmentId:revision` already covered by the rule. */
export function coveredKeys(db: AppDb, ruleId: number, appointmentIds: number[]): Set<string> {
  if (appointmentIds.length === 0) return new Set();
  const rows = db
    .select({ appointmentId: reminderSends.appointmentId, rev: reminderSends.scheduleRevision })
    .from(reminderSends)
    .where(and(eq(reminderSends.ruleId, ruleId), inArray(reminderSends.appointmentId, appointmentIds)))
    .all();
  return new Set(rows.map((r) => `${r.appointmentId}:${r.rev}`));
}

export function recordReminderSends(db: AppDb, rows: NewReminderSend[]): void {
  for (const row of rows) db.insert(reminderSends).values(row).onConflictDoNothing().run();
}

/**
 * Whether a booked or moved notice for this appointment revision went (or is going) since
 * `since`: it already told the patient the date and time, so a reminder now would repeat it.
 */
export function recentNoticeCarriedDetails(db: AppDb, appointmentId: number, revision: number, since: number): boolean {
  const row = db.$client
    .prepare(
      `select 1 from messages m where m.appointment_id = ? and m.origin = 'appointment_event' and m.created_at >= ?
         and m.dedupe_key in (?, ?)
         and exists (select 1 from deliveries d where d.message_id = m.id and d.state not in ('failed','cancelled','undelivered'))
       limit 1`,
    )
    .get(appointmentId, since, `appointment:${appointmentId}:booked:${revision}`, `appointment:${appointmentId}:moved:${revision}`);
  return row !== undefined;
}
