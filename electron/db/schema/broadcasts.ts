/** Broadcasts, their recipients and saved audiences. */
import { sqliteTable, integer, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';
import { staff, patients } from './people';
import { templates, templateVersions } from './templates';
import { messages } from './messaging';

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
