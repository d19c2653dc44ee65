/** Reminder rules: SQL only. */
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { reminderRules } from '../db/schema';

export type ReminderRuleRow = typeof reminderRules.$inferSelect;
export type NewReminderRule = typeof reminderRules.$inferInsert;

export function listReminderRules(db: AppDb): ReminderRuleRow[] {
  return db.select().from(reminderRules).orderBy(asc(reminderRules.id)).all();
}

export function listEnabledReminderRules(db: AppDb): ReminderRuleRow[] {
  return db.select().from(reminderRules).where(eq(reminderRules.enabled, true)).orderBy(asc(reminderRules.id)).all();
}

export function findReminderRule(db: AppDb, id: number): ReminderRuleRow | undefined {
  return db.select().from(reminderRules).where(eq(reminderRules.id, id)).get();
}

export function insertReminderRule(db: AppDb, values: NewReminderRule): ReminderRuleRow {
  return db.insert(reminderRules).values(values).returning().get();
}

export function updateReminderRule(db: AppDb, id: number, values: Partial<NewReminderRule>): ReminderRuleRow | undefined {
  return db.update(reminderRules).set(values).where(eq(reminderRules.id, id)).returning().get();
}

export function deleteReminderRule(db: AppDb, id: number): boolean {
  return db.delete(reminderRules).where(eq(reminderRules.id, id)).run().changes > 0;
}
