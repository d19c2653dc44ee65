/** reminder_sends: which rule covered which appointment revision (row types; the planner's SQL is in reminder-facts.ts and reminder-planner.ts). */
import type { reminderSends } from '../db/schema';

export type ReminderSendRow = typeof reminderSends.$inferSelect;
export type NewReminderSend = typeof reminderSends.$inferInsert;
