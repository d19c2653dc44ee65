/**
 * Conversations: one per household (or per unknown address), across channels. Producers (the
 * engine when queueing, inbound polling, the sandbox) record messages through these functions
 * so the inbox's last-message preview and unread count stay right.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { conversations } from '../db/schema';
import { householdConversationId } from './households-repo';

export type ConversationRow = typeof conversations.$inferSelect;

export function findConversation(db: AppDb, id: number): ConversationRow | undefined {
  return db.select().from(conversations).where(eq(conversations.id, id)).get();
}

/** The conversation of the patient's household, created (open) on first use. */
export function ensurePatientConversation(db: AppDb, patientId: number, now: number): ConversationRow {
  const id = householdConversationId(db, patientId, now, { open: true });
  const row = findConversation(db, id);
  if (!row) throw new Error(`conversation ${id} vanished`);
  return row;
}

/** The conversation of an address no patient owns (an unknown sender, a test message). */
export function ensureAddressConversation(db: AppDb, address: string, now: number): ConversationRow {
  const existing = db.select().from(conversations).where(eq(conversations.address, address)).get();
  if (existing) return existing;
  return db.insert(conversations).values({ address, createdAt: now, updatedAt: now }).returning().get();
}

/**
 * A message joined the conversation: updates the preview and time; an inbound message raises
 * the unread count and re-opens a resolved or snoozed conversation.
 */
export function recordConversationMessage(
  db: AppDb,
  conversationId: number,
  message: { direction: 'inbound' | 'outbound'; body: string; at: number },
): void {
  const preview = message.body.replace(/\s+/g, ' ').trim().slice(0, 140);
  db.update(conversations)
    .set({
      lastMessageAt: message.at,
      lastMessagePreview: preview,
      updatedAt: message.at,
      ...(message.direction === 'inbound'
        ? { unreadCount: sql`${conversations.unreadCount} + 1`, status: 'open' as const, snoozedUntil: null }
        : {}),
    })
    .where(eq(conversations.id, conversationId))
    .run();
}

export function markConversationRead(db: AppDb, conversationId: number, now: number): boolean {
  return (
    db
      .update(conversations)
      .set({ unreadCount: 0, updatedAt: now })
      .where(and(eq(conversations.id, conversationId), sql`${conversations.unreadCount} > 0`))
      .run().changes > 0
  );
}

export function updateConversation(
  db: AppDb,
  id: number,
  values: Partial<Pick<ConversationRow, 'status' | 'assigneeStaffId' | 'snoozedUntil' | 'flag' | 'whatsappWindowEndsAt' | 'updatedAt'>>,
): ConversationRow | undefined {
  return db.update(conversations).set(values).where(eq(conversations.id, id)).returning().get();
}

/** Snoozed conversations whose time has come are open again. */
export function wakeSnoozedConversations(db: AppDb, now: number): number {
  return db
    .update(conversations)
    .set({ status: 'open', snoozedUntil: null, updatedAt: now })
    .where(and(eq(conversations.status, 'snoozed'), sql`${conversations.snoozedUntil} <= ${now}`))
    .run().changes;
}

/** Sums only the conversations with something unread, so an index on them (partial, `unread_count > 0`) serves it. */
export function totalUnread(db: AppDb): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${conversations.unreadCount}), 0)` })
      .from(conversations)
      .where(sql`${conversations.unreadCount} > 0`)
      .get()?.n ?? 0
  );
}
