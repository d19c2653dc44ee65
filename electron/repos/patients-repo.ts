import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { contactPoints, patients } from '../db/schema';
import { syncHouseholds } from './households-repo';

export type PatientRow = typeof patients.$inferSelect;
export type ContactPointRow = typeof contactPoints.$inferSelect;
export type NewPatient = typeof patients.$inferInsert;

// Inside a subquery drizzle renders a column unqualified ("id"), which SQLite would resolve to
// the subquery's own table; correlated subqueries name the outer column explicitly.
const PATIENT_ID = sql.raw('"patients"."id"');

const primaryOf = (kind: 'phone' | 'email') =>
  sql<string | null>`(select cp.value from contact_points cp where cp.patient_id = ${PATIENT_ID} and cp.kind = ${kind} order by cp.is_primary desc, cp.id limit 1)`;

function searchCondition(query: string): SQL | undefined {
  const q = query.trim().toLowerCase();
  if (q === '') return undefined;
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const parts: SQL[] = [
    sql`lower(${patients.firstName} || ' ' || ${patients.lastName}) like ${like} escape '\\'`,
    sql`lower(${patients.lastName} || ' ' || ${patients.firstName}) like ${like} escape '\\'`,
    sql`lower(${patients.lastName} || ', ' || ${patients.firstName}) like ${like} escape '\\'`,
    sql`lower(coalesce(${patients.externalId}, '')) like ${like} escape '\\'`,
    sql`exists (select 1 from contact_points cp where cp.patient_id = ${PATIENT_ID} and cp.kind = 'email' and cp.value like ${like} escape '\\')`,
  ];
  const digits = q.replace(/\D/g, '');
  if (digits.length >= 3) {
    parts.push(
      sql`exists (select 1 from contact_points cp where cp.patient_id = ${PATIENT_ID} and cp.kind = 'phone' and cp.value like ${`%${digits}%`})`,
    );
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

export function searchPatients(
  db: AppDb,
  options: { query: string; includeArchived: boolean; limit: number; offset: number },
) {
  const where = and(
    options.includeArchived ? undefined : eq(patients.archived, false),
    searchCondition(options.query),
  );
  const items = db
    .select({
      id: patients.id,
      firstName: patients.firstName,
      lastName: patients.lastName,
      dateOfBirth: patients.dateOfBirth,
      externalId: patients.externalId,
      archived: patients.archived,
      primaryPhone: primaryOf('phone'),
      primaryEmail: primaryOf('email'),
    })
    .from(patients)
    .where(where)
    .orderBy(asc(sql`lower(${patients.lastName})`), asc(sql`lower(${patients.firstName})`), asc(patients.id))
    .limit(options.limit)
    .offset(options.offset)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(patients).where(where).get()?.n ?? 0;
  return { items, total };
}

export function findPatient(db: AppDb, id: number): PatientRow | undefined {
  return db.select().from(patients).where(eq(patients.id, id)).get();
}

export function findPatientByExternalId(db: AppDb, externalId: string): PatientRow | undefined {
  return db.select().from(patients).where(eq(patients.externalId, externalId)).get();
}

export function insertPatient(db: AppDb, values: NewPatient): PatientRow {
  return db.insert(patients).values(values).returning().get();
}

export function updatePatient(db: AppDb, id: number, values: Partial<NewPatient>): PatientRow | undefined {
  return db.update(patients).set(values).where(eq(patients.id, id)).returning().get();
}

export function listContactPoints(db: AppDb, patientId: number): ContactPointRow[] {
  return db
    .select()
    .from(contactPoints)
    .where(eq(contactPoints.patientId, patientId))
    .orderBy(asc(contactPoints.kind), sql`${contactPoints.isPrimary} desc`, asc(contactPoints.id))
    .all();
}

export interface ContactPointValues {
  kind: 'phone' | 'email';
  value: string;
  label: string;
  isPrimary: boolean;
}

/**
 * Makes a patient's contact points exactly `wanted`: keeps rows whose (kind, value) stay (with
 * their status history), updates labels, inserts new ones and deletes the rest.
 */
export function replaceContactPoints(db: AppDb, patientId: number, wanted: ContactPointValues[], now: number): void {
  const existing = listContactPoints(db, patientId);
  const key = (c: { kind: string; value: string }) => `${c.kind}:${c.value}`;
  const wantedKeys = new Set(wanted.map(key));
  for (const row of existing) {
    if (!wantedKeys.has(key(row))) db.delete(contactPoints).where(eq(contactPoints.id, row.id)).run();
  }
  const byKey = new Map(existing.map((row) => [key(row), row]));
  for (const c of wanted) {
    const row = byKey.get(key(c));
    if (row) {
      db.update(contactPoints)
        .set({ label: c.label, isPrimary: c.isPrimary, updatedAt: now })
        .where(eq(contactPoints.id, row.id))
        .run();
    } else {
      db.insert(contactPoints)
        .values({ patientId, kind: c.kind, value: c.value, label: c.label, isPrimary: c.isPrimary, createdAt: now, updatedAt: now })
        .run();
    }
  }
  // Sharing (or no longer sharing) a phone or email changes who is in the household.
  syncHouseholds(db, [patientId], now);
}
