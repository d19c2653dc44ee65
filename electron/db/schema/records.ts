/** The append-only audit log, background job state and saved import mappings. */
import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { updatedAt } from './columns';
import { staff } from './people';

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
 * Bulk writers that index search set-based instead of row by row. A row here exists only inside
 * the writer's own transaction: while it does, the search triggers of that table skip rows with
 * an id above `after_id`, and the writer indexes those rows in one statement before it commits
 * (repos/search-deferred-index.ts). Per-row FTS5 triggers cost tens of microseconds each because
 * every statement's savepoint flushes FTS5's pending terms; one statement flushes once.
 */
export const searchIndexDeferrals = sqliteTable('search_index_deferrals', {
  tableName: text('table_name', { enum: ['patients', 'contact_points', 'messages'] }).primaryKey(),
  afterId: integer('after_id').notNull(),
});
