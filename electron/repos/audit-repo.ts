import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { auditLog, staff } from '../db/schema';
import { stmt } from '../db/sql-cache';

export interface AuditEntryInput {
  at: number;
  staffId: number | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  detail?: Record<string, unknown> | null;
}

export function appendAudit(db: AppDb, entry: AuditEntryInput): void {
  db.insert(auditLog)
    .values({
      at: entry.at,
      staffId: entry.staffId,
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      detail: entry.detail ?? null,
    })
    .run();
}

/** When `staffId` last did `action` on the entity (null: never). */
export function lastAuditAt(db: AppDb, entry: { staffId: number; action: string; entityType: string; entityId: string | number }): number | null {
  const row = stmt(db, 'select max(at) at from audit_log where entity_type = +? and entity_id = +? and action = +? and staff_id = +?').get(
    entry.entityType,
    String(entry.entityId),
    entry.action,
    entry.staffId,
  ) as { at: number | null };
  return row.at;
}

export function listAudit(db: AppDb, options: { beforeId?: number; limit: number }) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      staffId: auditLog.staffId,
      staffName: staff.displayName,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.staffId))
    .where(options.beforeId ? lt(auditLog.id, options.beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(options.limit)
    .all();
}

/**
 * Recent audit rows of the given actions and entity type, newest first (for sign-in throttling,
 * which reads its counts back from the audit log so they survive a restart). `entityId` narrows
 * to one entity (one account).
 */
export function recentAuditActions(
  db: AppDb,
  options: { entityType: string; entityId?: string; actions: readonly string[]; since: number; limit: number },
): Array<{ at: number; action: string; entityId: string | null }> {
  return db
    .select({ at: auditLog.at, action: auditLog.action, entityId: auditLog.entityId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, options.entityType),
        options.entityId === undefined ? undefined : eq(auditLog.entityId, options.entityId),
        inArray(auditLog.action, [...options.actions]),
        gte(auditLog.at, options.since),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(options.limit)
    .all();
}
