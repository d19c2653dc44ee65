/** SQL for templates and their versions. Every function takes the database first. */
import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { AppDb } from '../../db/database';
import { staff, templates, templateVersions } from '../../db/schema';

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplate = typeof templates.$inferInsert;
export type TemplateVersionRow = typeof templateVersions.$inferSelect;
export type TemplateVersionWithAuthor = TemplateVersionRow & { createdByName: string | null };

export function listTemplateRows(db: AppDb, filter: { category?: TemplateRow['category']; includeArchived?: boolean }): TemplateRow[] {
  const conditions = [];
  if (filter.category) conditions.push(eq(templates.category, filter.category));
  if (!filter.includeArchived) conditions.push(eq(templates.archived, false));
  return db
    .select()
    .from(templates)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(templates.name))
    .all();
}

export function findTemplate(db: AppDb, id: number): TemplateRow | undefined {
  return db.select().from(templates).where(eq(templates.id, id)).get();
}

export function findTemplateByName(db: AppDb, name: string): TemplateRow | undefined {
  return db.select().from(templates).where(eq(templates.name, name)).get();
}

export function insertTemplate(db: AppDb, values: NewTemplate): TemplateRow {
  return db.insert(templates).values(values).returning().get();
}

export function updateTemplate(db: AppDb, id: number, values: Partial<NewTemplate>): TemplateRow | undefined {
  return db.update(templates).set(values).where(eq(templates.id, id)).returning().get();
}

export function findVersionById(db: AppDb, id: number): TemplateVersionRow | undefined {
  return db.select().from(templateVersions).where(eq(templateVersions.id, id)).get();
}

export function findVersionByNumber(db: AppDb, templateId: number, version: number): TemplateVersionRow | undefined {
  return db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.version, version)))
    .get();
}

export function latestVersionNumber(db: AppDb, templateId: number): number {
  const row = db.select({ v: max(templateVersions.version) }).from(templateVersions).where(eq(templateVersions.templateId, templateId)).get();
  return row?.v ?? 0;
}

export function insertVersion(db: AppDb, values: typeof templateVersions.$inferInsert): TemplateVersionRow {
  return db.insert(templateVersions).values(values).returning().get();
}

/** Every version of a template, newest first, with the author's display name. */
export function listVersions(db: AppDb, templateId: number): TemplateVersionWithAuthor[] {
  return db
    .select({
      id: templateVersions.id,
      templateId: templateVersions.templateId,
      version: templateVersions.version,
      content: templateVersions.content,
      note: templateVersions.note,
      restoredFromVersion: templateVersions.restoredFromVersion,
      createdBy: templateVersions.createdBy,
      createdAt: templateVersions.createdAt,
      createdByName: staff.displayName,
    })
    .from(templateVersions)
    .leftJoin(staff, eq(staff.id, templateVersions.createdBy))
    .where(eq(templateVersions.templateId, templateId))
    .orderBy(desc(templateVersions.version))
    .all();
}
