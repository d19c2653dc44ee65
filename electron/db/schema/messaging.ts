/** Conversations and their notes, messages, and the outbox: deliveries and each delivery attempt. */
import { sqliteTable, integer, text, real, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { CHANNELS, DELIVERY_STATES } from '../../../shared/domain';
import { createdAt, updatedAt } from './columns';
import { staff, households, patients } from './people';
import { appointments, reminderRules } from './appointments';
import { templateVersions } from './templates';
import { broadcasts } from './broadcasts';

export const conversations = sqliteTable(
  'conversations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The household's first member, kept for display; threads follow the household. */
    patientId: integer('patient_id').references(() => patients.id, { onDelete: 'set null' }),
    householdId: integer('household_id').references(() => households.id, { onDelete: 'set null' }),
    /** For a conversation with an unknown address (no patient). */
    address: text('address'),
    status: text('status', { enum: ['open', 'snoozed', 'resolved'] }).notNull().default('open'),
    assigneeStaffId: integer('assignee_staff_id').references(() => staff.id),
    unreadCount: integer('unread_count').notNull().default(0),
    snoozedUntil: integer('snoozed_until'),
    flag: text('flag', { enum: ['reschedule', 'possible_opt_out', 'confirm_unmatched'] }),
    lastMessageAt: integer('last_message_at'),
    lastMessagePreview: text('last_message_preview'),
    /** End of the WhatsApp 24-hour customer-service window. */
    whatsappWindowEndsAt: integer('whatsapp_window_ends_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('conversations_patient_idx').on(t.patientId),
    uniqueIndex('conversations_household_uq').on(t.householdId),
    uniqueIndex('conversations_address_uq').on(t.address),
    index('conversations_last_idx').on(t.lastMessageAt),
    // A status filter's first page and the snooze wake-up read straight off this, in list order.
    index('conversations_status_last_idx').on(t.status, t.lastMessageAt),
    // Only conversations with something unread: the unread badge total and the unread filter stay
    // small reads however many conversations the clinic has.
    index('conversations_unread_last_idx').on(t.lastMessageAt, t.unreadCount).where(sql`${t.unreadCount} > 0`),
  ],
);

export const conversationNotes = sqliteTable('conversation_notes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conversationId: integer('conversation_id')
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  staffId: integer('staff_id')
    .notNull()
    .references(() => staff.id),
  body: text('body').notNull(),
  createdAt: createdAt(),
});

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id').references(() => patients.id, { onDelete: 'set null' }),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    /** The channel asked for; each delivery records the channel actually used. */
    channel: text('channel', { enum: CHANNELS }).notNull(),
    address: text('address').notNull(),
    body: text('body').notNull(),
    subject: text('subject'),
    html: text('html'),
    origin: text('origin', {
      enum: ['staff', 'reminder', 'broadcast', 'auto_reply', 'patient', 'system', 'appointment_event'],
    }).notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    reminderRuleId: integer('reminder_rule_id').references(() => reminderRules.id),
    appointmentId: integer('appointment_id').references(() => appointments.id, { onDelete: 'set null' }),
    broadcastId: integer('broadcast_id').references(() => broadcasts.id),
    templateVersionId: integer('template_version_id').references(() => templateVersions.id),
    purpose: text('purpose', { enum: ['transactional', 'marketing'] }).notNull().default('transactional'),
    emergency: integer('emergency', { mode: 'boolean' }).notNull().default(false),
    /**
     * Why quiet hours and the daily cap do not hold this message: it answers the patient's own
     * message (HELP, START, a thank-you, a staff reply inside the reply window), or staff chose
     * "send now" on a held transactional message (audited). Suppression and consent still apply.
     */
    holdExempt: text('hold_exempt', { enum: ['answer', 'sent_now'] }),
    /** Stable key that makes a reminder or broadcast message unique (rule 6). */
    dedupeKey: text('dedupe_key'),
    /** Provider id of an inbound message (Twilio sid, email Message-ID). */
    providerMessageId: text('provider_message_id'),
    /** Rendering inputs kept so a fallback channel can render its own content. */
    renderContext: text('render_context', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    // Partial where the column is often NULL: a row with NULL there is never looked up by it, and
    // a bulk queue (50,000 rows) then skips those index writes. Every reader compares the column
    // to a value, which implies IS NOT NULL, so SQLite still uses the index (sql-cache.test.ts).
    // Reminders and broadcasts look up their dedupe key; staff, inbound and auto replies have none.
    uniqueIndex('messages_dedupe_uq').on(t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
    // Inbound only (a provider sid or Message-ID already stored); outbound rows have none.
    uniqueIndex('messages_provider_id_uq').on(t.providerMessageId).where(sql`${t.providerMessageId} is not null`),
    // A thread's pages, newest first.
    index('messages_conversation_idx').on(t.conversationId, t.id),
    // Which channels a conversation has used (the list's icons, the channel filter) without reading
    // its messages; the thread index above cannot answer that without reading every message row.
    index('messages_conversation_channel_idx').on(t.conversationId, t.channel),
    // The daily cap's per-patient count and a patient's history.
    index('messages_patient_created_idx').on(t.patientId, t.createdAt),
    // A broadcast's results; reminders and staff messages have no broadcast.
    index('messages_broadcast_idx').on(t.broadcastId).where(sql`${t.broadcastId} is not null`),
  ],
);

export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    address: text('address').notNull(),
    provider: text('provider').notNull(),
    sender: text('sender'),
    state: text('state', { enum: DELIVERY_STATES }).notNull(),
    /** Why it is held or why it failed/was cancelled: a reason code the UI can show. */
    reasonCode: text('reason_code'),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    attemptStartedAt: integer('attempt_started_at'),
    providerId: text('provider_id'),
    providerStatus: text('provider_status'),
    errorCode: text('error_code'),
    errorText: text('error_text'),
    price: real('price'),
    priceUnit: text('price_unit'),
    segments: integer('segments'),
    fallbackOfDeliveryId: integer('fallback_of_delivery_id').references((): AnySQLiteColumn => deliveries.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: integer('sent_at'),
    finalAt: integer('final_at'),
  },
  (t) => [
    // The dispatcher's due rows across channels in due order, the status poll's next row (state
    // 'sent'), the queued counts per provider. The channel index below cannot serve these: with
    // channel second, rows of one state come out per channel, not in due order.
    index('deliveries_due_idx').on(t.state, t.nextAttemptAt),
    // The dispatcher's wake time: the earliest due row per channel. Without it, that minimum walks
    // every due row of the other channels first (50,000 after a broadcast).
    index('deliveries_due_channel_idx').on(t.state, t.channel, t.nextAttemptAt),
    // A message's deliveries (threads, the cap's counts, cascades).
    index('deliveries_message_idx').on(t.messageId),
    // No index on provider_id: a sid is looked up through delivery_attempts, which holds every sid
    // a delivery ever got. A second index on the same random sids cost a B-tree page per SMS.
    // Held rows at an address (release, suppression, opt-out cancellation).
    index('deliveries_address_idx').on(t.channel, t.address, t.state),
    // The dashboard counts by when a delivery was sent and when it ended; both NULL at queue time.
    index('deliveries_sent_at_idx').on(t.sentAt).where(sql`${t.sentAt} is not null`),
    index('deliveries_final_at_idx').on(t.finalAt).where(sql`${t.finalAt} is not null`),
  ],
);

/**
 * One row per provider call of a delivery: exactly what was sent (address, sender, body or content
 * template and variables, media) and the provider id it got, so a reconciliation after a crash or
 * an ambiguous answer compares with what went out (never a re-render) and a sid claimed once is
 * never claimed again. While `checking_until` is set the attempt is being looked up at the provider.
 */
export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    attemptNo: integer('attempt_no').notNull(),
    startedAt: integer('started_at').notNull(),
    provider: text('provider').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    toAddress: text('to_address').notNull(),
    sender: text('sender'),
    body: text('body'),
    subject: text('subject'),
    contentSid: text('content_sid'),
    /** The ContentVariables JSON exactly as sent. */
    contentVariables: text('content_variables'),
    /** JSON array of media URLs or attachment paths. */
    media: text('media'),
    providerId: text('provider_id'),
    /** accepted, failed, retry, offline, ambiguous, not_found, unknown (migrated without content). */
    outcome: text('outcome'),
    checkingUntil: integer('checking_until'),
    nextLookupAt: integer('next_lookup_at'),
    lookups: integer('lookups').notNull().default(0),
    endedAt: integer('ended_at'),
  },
  (t) => [
    uniqueIndex('delivery_attempts_delivery_idx').on(t.deliveryId, t.attemptNo),
    index('delivery_attempts_address_idx').on(t.channel, t.toAddress),
    // Whether a sid is already owned (reconciliation): every sid a delivery got is on its attempts.
    index('delivery_attempts_provider_id_idx').on(t.providerId),
    index('delivery_attempts_lookup_idx').on(t.nextLookupAt),
  ],
);
