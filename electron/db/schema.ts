/**
 * The whole Frontdesk domain (DESIGN section 2) as a drizzle schema.
 *
 * Conventions: integer primary keys; instants are integer milliseconds since the epoch (UTC);
 * calendar dates (date of birth) are ISO `YYYY-MM-DD` text; JSON columns hold small structured
 * values (tags, channel orders, template content). drizzle-kit generates `migrations/` from this
 * file; the FTS5 index and the append-only triggers live in a hand-written custom migration
 * because drizzle-kit cannot express them.
 */
import { sql } from 'drizzle-orm';
import {
  sqliteTable,
  integer,
  text,
  real,
  index,
  uniqueIndex,
  primaryKey,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import { CHANNELS, DELIVERY_STATES } from '../../shared/domain';

const createdAt = () => integer('created_at').notNull();
const updatedAt = () => integer('updated_at').notNull();

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['receptionist', 'manager', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  lastSignInAt: integer('last_sign_in_at'),
});

/**
 * Patients linked by a shared contact point (a parent's phone for the children). Every patient
 * belongs to one; a patient alone is a household of one. Its conversation is the family's thread.
 */
export const households = sqliteTable('households', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const patients = sqliteTable(
  'patients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: text('date_of_birth'),
    externalId: text('external_id'),
    language: text('language').notNull().default('en'),
    /** IANA zone; null means the clinic's zone. */
    timeZone: text('time_zone'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    lastVisitAt: integer('last_visit_at'),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    /** Null only until first needed (households-repo assigns it). */
    householdId: integer('household_id').references(() => households.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patients_external_id_uq').on(t.externalId),
    index('patients_household_idx').on(t.householdId),
    index('patients_name_idx').on(t.lastName, t.firstName),
    index('patients_name_dob_idx').on(t.lastName, t.firstName, t.dateOfBirth),
  ],
);

export const contactPoints = sqliteTable(
  'contact_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['phone', 'email'] }).notNull(),
    /** E.164 for phones, lower-cased for email. */
    value: text('value').notNull(),
    label: text('label').notNull().default('mobile'),
    status: text('status', { enum: ['ok', 'invalid', 'bouncing'] }).notNull().default('ok'),
    statusReason: text('status_reason'),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('contact_points_patient_value_uq').on(t.patientId, t.kind, t.value),
    index('contact_points_value_idx').on(t.value),
  ],
);

export const consentEvents = sqliteTable(
  'consent_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['sms', 'whatsapp', 'email', 'voice'] }).notNull(),
    purpose: text('purpose', { enum: ['transactional', 'marketing'] }).notNull(),
    status: text('status', { enum: ['opted_in', 'opted_out'] }).notNull(),
    source: text('source', {
      enum: ['staff', 'sms_keyword', 'email_unsubscribe', 'import', 'patient'],
    }).notNull(),
    actorStaffId: integer('actor_staff_id').references(() => staff.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('consent_events_patient_idx').on(t.patientId, t.channel, t.purpose, t.id)],
);

export const preferences = sqliteTable('preferences', {
  patientId: integer('patient_id')
    .primaryKey()
    .references(() => patients.id, { onDelete: 'cascade' }),
  channelOrder: text('channel_order', { mode: 'json' })
    .$type<Array<'sms' | 'whatsapp' | 'email' | 'voice'>>()
    .notNull()
    .default(sql`'["sms","email"]'`),
  language: text('language'),
  /** null: clinic default; otherwise {start:"HH:MM", end:"HH:MM"} or {none:true}. */
  quietHoursOverride: text('quiet_hours_override', { mode: 'json' }).$type<
    { start: string; end: string } | { none: true } | null
  >(),
  updatedAt: updatedAt(),
});

export const suppressions = sqliteTable(
  'suppressions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: ['sms', 'whatsapp', 'email', 'voice'] }).notNull(),
    address: text('address').notNull(),
    reason: text('reason', {
      enum: ['stop_keyword', 'hard_bounce', 'complaint', 'invalid_number', 'staff', 'provider_opt_out'],
    }).notNull(),
    detail: text('detail'),
    actorStaffId: integer('actor_staff_id').references(() => staff.id),
    createdAt: createdAt(),
    liftedAt: integer('lifted_at'),
    liftedBy: text('lifted_by'),
  },
  (t) => [index('suppressions_address_idx').on(t.channel, t.address, t.liftedAt)],
);

export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    clinician: text('clinician').notNull(),
    location: text('location').notNull().default(''),
    /** Clinical reason: a sensitive field, never on SMS/WhatsApp/voice by default. */
    reason: text('reason'),
    startsAt: integer('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(30),
    status: text('status', {
      enum: ['booked', 'confirmed', 'cancelled', 'rescheduled', 'completed', 'no_show'],
    })
      .notNull()
      .default('booked'),
    confirmedAt: integer('confirmed_at'),
    confirmedVia: text('confirmed_via'),
    /** Bumped whenever the start moves; reminder dedupe keys include it. */
    scheduleRevision: integer('schedule_revision').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('appointments_external_id_uq').on(t.externalId),
    index('appointments_starts_idx').on(t.startsAt),
    index('appointments_patient_idx').on(t.patientId, t.startsAt),
  ],
);

export const templates = sqliteTable('templates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  category: text('category', {
    enum: ['appointment', 'recall', 'billing', 'broadcast', 'quick_reply', 'reminder', 'system'],
  }).notNull(),
  purpose: text('purpose', { enum: ['transactional', 'marketing'] }).notNull(),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  fallbackLanguage: text('fallback_language').notNull().default('en'),
  currentVersionId: integer('current_version_id').references((): AnySQLiteColumn => templateVersions.id),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Per-language, per-channel content of one template version. */
export type TemplateContent = Record<
  string,
  {
    sms?: { body: string };
    email?: { subject: string; body: string };
    whatsapp?: { contentSid?: string; variables?: Record<string, string>; body?: string };
    voice?: { script: string };
  }
>;

export const templateVersions = sqliteTable(
  'template_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    templateId: integer('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: text('content', { mode: 'json' }).$type<TemplateContent>().notNull(),
    note: text('note'),
    restoredFromVersion: integer('restored_from_version'),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('template_versions_uq').on(t.templateId, t.version)],
);

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

export { CHANNELS };

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
    uniqueIndex('messages_dedupe_uq').on(t.dedupeKey),
    uniqueIndex('messages_provider_id_uq').on(t.providerMessageId),
    index('messages_conversation_idx').on(t.conversationId, t.id),
    index('messages_patient_created_idx').on(t.patientId, t.createdAt),
    index('messages_broadcast_idx').on(t.broadcastId),
  ],
);

export { DELIVERY_STATES };

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
    index('deliveries_due_idx').on(t.state, t.nextAttemptAt),
    // The dispatcher's wake time: the earliest due row per channel.
    index('deliveries_due_channel_idx').on(t.state, t.channel, t.nextAttemptAt),
    index('deliveries_message_idx').on(t.messageId),
    index('deliveries_provider_id_idx').on(t.providerId),
    index('deliveries_address_idx').on(t.channel, t.address, t.state),
    // The dashboard counts by when a delivery was sent and when it ended.
    index('deliveries_sent_at_idx').on(t.sentAt),
    index('deliveries_final_at_idx').on(t.finalAt),
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
    index('delivery_attempts_provider_id_idx').on(t.providerId),
    index('delivery_attempts_lookup_idx').on(t.nextLookupAt),
  ],
);

export const broadcasts = sqliteTable('broadcasts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  templateId: integer('template_id').references(() => templates.id),
  templateVersionId: integer('template_version_id').references(() => templateVersions.id),
  audience: text('audience', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  channelPolicy: text('channel_policy', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  purpose: text('purpose', { enum: ['transactional', 'marketing'] }).notNull().default('marketing'),
  emergency: integer('emergency', { mode: 'boolean' }).notNull().default(false),
  scheduledAt: integer('scheduled_at'),
  /** A scheduled broadcast missed while the app was closed still goes out until this instant. */
  windowEndsAt: integer('window_ends_at'),
  status: text('status', {
    enum: ['draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled'],
  })
    .notNull()
    .default('draft'),
  createdBy: integer('created_by').references(() => staff.id),
  approvedBy: integer('approved_by').references(() => staff.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  startedAt: integer('started_at'),
  completedAt: integer('completed_at'),
});

export const broadcastRecipients = sqliteTable(
  'broadcast_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    broadcastId: integer('broadcast_id')
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['pending', 'queued', 'excluded'] }).notNull().default('pending'),
    exclusionReason: text('exclusion_reason'),
    messageId: integer('message_id').references(() => messages.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('broadcast_recipients_uq').on(t.broadcastId, t.patientId)],
);

/** An audience filter saved under a name for reuse in later broadcasts. */
export const savedAudiences = sqliteTable('saved_audiences', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  audience: text('audience', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdBy: integer('created_by').references(() => staff.id),
  createdAt: createdAt(),
});

export const reminderRules = sqliteTable('reminder_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  offsetMinutes: integer('offset_minutes').notNull(),
  channels: text('channels', { mode: 'json' }).$type<Array<(typeof CHANNELS)[number]>>().notNull(),
  templateId: integer('template_id').references(() => templates.id),
  onlyIfUnconfirmed: integer('only_if_unconfirmed', { mode: 'boolean' }).notNull().default(false),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

/** Progress of background jobs (cursors, last run) so it survives restarts. */
export const jobState = sqliteTable('job_state', {
  name: text('name').primaryKey(),
  cursor: text('cursor'),
  lastRunAt: integer('last_run_at'),
  updatedAt: updatedAt(),
});

/** Saved CSV column mappings per import source. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    source: text('source').notNull(),
    kind: text('kind', { enum: ['patients', 'appointments', 'combined'] }).notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.source, t.kind] })],
);

/**
 * Which reminder rule covered which appointment at which schedule revision, and through which
 * message. A grouped reminder (one phone, several appointments the same day) covers every
 * appointment in the group with one message; this table is how the planner knows the others
 * are done, and how a confirmation reply finds "the next reminded appointment".
 */
export const reminderSends = sqliteTable(
  'reminder_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => reminderRules.id, { onDelete: 'cascade' }),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    scheduleRevision: integer('schedule_revision').notNull(),
    /** The address the reminder went to (E.164 or email); null when refused before choosing one. */
    address: text('address'),
    channel: text('channel', { enum: CHANNELS }),
    messageId: integer('message_id').references(() => messages.id, { onDelete: 'set null' }),
    /** skipped: another rule (closer to the appointment) or a recent booked/moved notice covered it. */
    outcome: text('outcome', { enum: ['queued', 'refused', 'duplicate', 'skipped'] }).notNull(),
    detail: text('detail'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reminder_sends_uq').on(t.ruleId, t.appointmentId, t.scheduleRevision),
    index('reminder_sends_address_idx').on(t.address, t.createdAt),
    index('reminder_sends_message_idx').on(t.messageId),
  ],
);
