/** Resolving a broadcast's audience filter to patient ids, at send time. */
import { and, asc, eq, exists, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import { appointments, patients } from '../db/schema';
import type { AudienceFilter } from '../../shared/contract/broadcasts';

export function resolveAudience(db: AppDb, filter: AudienceFilter, now: number, clinicTimeZone: string): number[] {
  const where: SQL[] = [eq(patients.archived, false)];
  const today = DateTime.fromMillis(now, { zone: clinicTimeZone });
  if (filter.patientIds) where.push(inArray(patients.id, filter.patientIds.length ? filter.patientIds : [-1]));
  if (filter.tags?.length) {
    where.push(sql`exists (select 1 from json_each(${patients.tags}) t where t.value in (${sql.join(filter.tags.map((t) => sql`${t}`), sql`, `)}))`);
  }
  // Age: born on or before today minus minAge years; after today minus (maxAge + 1) years.
  if (filter.minAge !== undefined) {
    where.push(sql`${patients.dateOfBirth} is not null and ${patients.dateOfBirth} <= ${today.minus({ years: filter.minAge }).toISODate()}`);
  }
  if (filter.maxAge !== undefined) {
    where.push(sql`${patients.dateOfBirth} is not null and ${patients.dateOfBirth} > ${today.minus({ years: filter.maxAge + 1 }).toISODate()}`);
  }
  if (filter.lastVisitBefore !== undefined) where.push(lt(patients.lastVisitAt, filter.lastVisitBefore));
  if (filter.lastVisitAfter !== undefined) where.push(gt(patients.lastVisitAt, filter.lastVisitAfter));
  if (filter.language) where.push(eq(patients.language, filter.language));
  if (filter.upcomingWithClinician) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(appointments)
          .where(
            and(
              eq(appointments.patientId, patients.id),
              eq(appointments.clinician, filter.upcomingWithClinician),
              gt(appointments.startsAt, now),
              inArray(appointments.status, ['booked', 'confirmed']),
            ),
          ),
      ),
    );
  }
  return db
    .select({ id: patients.id })
    .from(patients)
    .where(and(...where))
    .orderBy(asc(patients.id))
    .all()
    .map((r) => r.id);
}
