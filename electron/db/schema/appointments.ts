/** Appointments, the reminder rules, and which rule covered which appointment (reminder_sends). */
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CHANNELS } from '../../../shared/domain';
import { createdAt, updatedAt } from './columns';
import { patients } from './people';
import { templates } from './templates';
import { messages } from './messaging';

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
