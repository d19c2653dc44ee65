/** Which address a patient is reached at on a channel, and which patients share an address. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { contactPoints, patients } from '../db/schema';
import type { Channel } from '../../shared/domain';

export const kindForChannel = (channel: Channel): 'phone' | 'email' => (channel === 'email' ? 'email' : 'phone');

/** The patient's primary usable contact of the channel's kind (primary first, then oldest). */
export function patientAddress(db: AppDb, patientId: number, channel: Channel): string | null {
  const row = db
    .select({ value: contactPoints.value })
    .from(contactPoints)
    .where(and(eq(contactPoints.patientId, patientId), eq(contactPoints.kind, kindForChannel(channel)), eq(contactPoints.status, 'ok')))
    .orderBy(desc(contactPoints.isPrimary), asc(contactPoints.id))
    .limit(1)
    .get();
  return row?.value ?? null;
}

/** Every (not archived) patient who has this address, oldest first. */
export function patientsWithAddress(db: AppDb, kind: 'phone' | 'email', value: string): number[] {
  return db
    .selectDistinct({ id: patients.id })
    .from(contactPoints)
    .innerJoin(patients, eq(patients.id, contactPoints.patientId))
    .where(and(eq(contactPoints.kind, kind), eq(contactPoints.value, value), eq(patients.archived, false)))
    .orderBy(asc(patients.id))
    .all()
    .map((r) => r.id);
}

export function patientNames(db: AppDb, ids: number[]): Map<number, { firstName: string; lastName: string; timeZone: string | null; language: string }> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: patients.id, firstName: patients.firstName, lastName: patients.lastName, timeZone: patients.timeZone, language: patients.language })
    .from(patients)
    .where(inArray(patients.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}
