/** Templates and their versioned per-language, per-channel content. */
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';
import { staff } from './people';

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
