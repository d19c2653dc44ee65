import { asc, count, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { staff } from '../db/schema';
import type { Role } from '../../shared/ipc/define';

export type StaffRow = typeof staff.$inferSelect;

export function countStaff(db: AppDb): number {
  return db.select({ n: count() }).from(staff).get()?.n ?? 0;
}

export function findStaffByUsername(db: AppDb, username: string): StaffRow | undefined {
  return db.select().from(staff).where(eq(staff.username, username)).get();
}

export function findStaffById(db: AppDb, id: number): StaffRow | undefined {
  return db.select().from(staff).where(eq(staff.id, id)).get();
}

export function listStaff(db: AppDb): StaffRow[] {
  return db.select().from(staff).orderBy(asc(staff.displayName)).all();
}

export function insertStaff(
  db: AppDb,
  values: { username: string; displayName: string; role: Role; passwordHash: string; createdAt: number },
): StaffRow {
  return db.insert(staff).values(values).returning().get();
}

export function updateStaff(
  db: AppDb,
  id: number,
  values: Partial<Pick<StaffRow, 'displayName' | 'role' | 'active' | 'passwordHash' | 'lastSignInAt'>>,
): StaffRow | undefined {
  return db.update(staff).set(values).where(eq(staff.id, id)).returning().get();
}
