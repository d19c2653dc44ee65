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
