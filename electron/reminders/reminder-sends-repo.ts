/** reminder_sends: which rule covered which appointment revision (SQL only). */
import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { appointments, reminderSends } from '../db/schema';

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
 * Upcoming, still-booked appointments that a reminder was queued for at this address, at their
 * current revision, soonest first: what a "C" reply from that address confirms.
 */
export function remindedUpcomingAtAddress(
  db: AppDb,
  addresses: string[],
  now: number,
): Array<{ appointmentId: number; messageId: number | null; startsAt: number }> {
  if (addresses.length === 0) return [];
  return db
    .selectDistinct({ appointmentId: appointments.id, messageId: reminderSends.messageId, startsAt: appointments.startsAt })
    .from(reminderSends)
    .innerJoin(appointments, and(eq(appointments.id, reminderSends.appointmentId), eq(appointments.scheduleRevision, reminderSends.scheduleRevision)))
    .where(
      and(
        inArray(reminderSends.address, addresses),
        inArray(reminderSends.outcome, ['queued', 'duplicate']),
        isNotNull(reminderSends.messageId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .all();
}

/** Appointments covered by the same reminder message (a grouped reminder). */
export function appointmentsOfReminderMessage(db: AppDb, messageId: number): number[] {
  return db
    .selectDistinct({ id: reminderSends.appointmentId })
    .from(reminderSends)
    .where(eq(reminderSends.messageId, messageId))
    .all()
    .map((r) => r.id);
}
