/** Resolving a broadcast's audience filter to patient ids, at send time. */
import { and, asc, eq, exists, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import { appointments, patients } from '../db/schema';
import type { AppointmentFilter, AppointmentRange, AudienceFilter } from '../../shared/contract/broadcast-audience';

/** The instants [from, to) an appointment day range covers, in the clinic's zone. */
export function rangeBounds(range: AppointmentRange, today: DateTime): { from: number; to: number } {
  const start = today.startOf('day');
  switch (range.kind) {
    case 'today':
      return { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
    case 'tomorrow':
      return { from: start.plus({ days: 1 }).toMillis(), to: start.plus({ days: 2 }).toMillis() };
    case 'date': {
      const day = DateTime.fromISO(range.date, { zone: today.zone });
      return { from: day.toMillis(), to: day.plus({ days: 1 }).toMillis() };
    }
    case 'nextDays':
      return { from: start.toMillis(), to: start.plus({ days: range.days }).toMillis() };
  }
}

const STATUS_SETS: Record<NonNullable<AppointmentFilter['status']>, Array<'booked' | 'confirmed'>> = {
  booked: ['booked', 'confirmed'],
  confirmed: ['confirmed'],
  unconfirmed: ['booked'],
};

function appointmentMatch(db: AppDb, f: AppointmentFilter, today: DateTime) {
  const { from, to } = rangeBounds(f.range, today);
  const conditions: SQL[] = [
    eq(appointments.patientId, patients.id),
    gte(appointments.startsAt, from),
    lt(appointments.startsAt, to),
    inArray(appointments.status, STATUS_SETS[f.status ?? 'booked']),
  ];
  if (f.clinician) conditions.push(eq(appointments.clinician, f.clinician));
  if (f.location) conditions.push(eq(appointments.location, f.location));
  return db.select({ one: sql`1` }).from(appointments).where(and(...conditions));
}

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
  if (filter.appointments) where.push(exists(appointmentMatch(db, filter.appointments, today)));
  // Built by drizzle, read as bare ids: mapping 50,000 result objects cost more than the query.
  const query = db.select({ id: patients.id }).from(patients).where(and(...where)).orderBy(asc(patients.id)).toSQL();
  return db.$client.prepare(query.sql).pluck().all(...query.params) as number[];
}
