/** SQL for email inbound: threading by our delivery ids, and bounce bookkeeping. */
import { and, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { contactPoints, deliveries, messages } from '../db/schema';

/** The conversation and patient of the message one of our deliveries carried. */
export function threadOfDelivery(db: AppDb, deliveryId: number): { conversationId: number; patientId: number | null } | undefined {
  return db
    .select({ conversationId: messages.conversationId, patientId: messages.patientId })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .where(eq(deliveries.id, deliveryId))
    .get();
}

export function insertInboundEmail(
  db: AppDb,
  values: { conversationId: number; patientId: number | null; address: string; subject: string | null; body: string; providerMessageId: string; now: number },
): number | null {
  const row = db
    .insert(messages)
    .values({
      conversationId: values.conversationId,
      patientId: values.patientId,
      direction: 'inbound',
      channel: 'email',
      address: values.address,
      subject: values.subject,
      body: values.body,
      origin: 'patient',
      providerMessageId: values.providerMessageId,
      createdAt: values.now,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id })
    .get();
  return row?.id ?? null;
}

export function markEmailBouncing(db: AppDb, address: string, reason: string, now: number): number {
  return db
    .update(contactPoints)
    .set({ status: 'bouncing', statusReason: reason, updatedAt: now })
    .where(and(eq(contactPoints.kind, 'email'), eq(contactPoints.value, address)))
    .run().changes;
}
