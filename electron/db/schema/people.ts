/** Staff and patients: households, contact points, consent history, preferences and suppressions. */
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

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
