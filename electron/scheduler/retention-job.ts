/**
 * Housekeeping: snoozed conversations whose time came are opened again, and message content older
 * than the retention period (when one is set) is removed with its deliveries. Idempotent.
 */
import { and, lt, notInArray, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { messages } from '../db/schema';
import { wakeSnoozedConversations } from '../repos/conversations-repo';

export interface RetentionResult {
  woken: number;
  deletedMessages: number;
}

export function runRetention(db: AppDb, now: number, options: { messageRetentionDays: number | null }): RetentionResult {
  const woken = wakeSnoozedConversations(db, now);
  let deletedMessages = 0;
  if (options.messageRetentionDays !== null) {
    const cutoff = now - options.messageRetentionDays * 24 * 60 * 60 * 1000;
    // Messages still waiting to go out are kept whatever their age.
    deletedMessages = db
      .delete(messages)
      .where(
        and(
          lt(messages.createdAt, cutoff),
          notInArray(messages.id, sql`(select message_id from deliveries where state in ('queued','held','sending'))`),
          notInArray(messages.id, sql`(select message_id from broadcast_recipients where message_id is not null)`),
          notInArray(messages.id, sql`(select message_id from reminder_sends where message_id is not null)`),
        ),
      )
      .run().changes;
  }
  return { woken, deletedMessages };
}
