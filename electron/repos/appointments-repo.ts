import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { appointments, patients } from '../db/schema';
import type { AppointmentView } from '../../shared/domain';

export type AppointmentRow = typeof appointments.$inferSelect;
export type NewAppointment = typeof appointments.$inferInsert;

const viewColumns = {
  id: appointments.id,
  patientId: appointments.patientId,
  patientName: sql<string>`${patients.firstName} || ' ' || ${patients.lastName}`,
  externalId: appointments.externalId,
  clinician: appointments.clinician,
  location: appointments.location,
  reason: appointments.reason,
  startsAt: appointments.startsAt,
  durationMinutes: appointments.durationMinutes,
  status: appointments.status,
  confirmedAt: appointments.confirmedAt,
  confirmedVia: appointments.confirmedVia,
};

export type AppointmentViewRow = AppointmentView;

export function findAppointment(db: AppDb, id: number): AppointmentRow | undefined {
  return db.select().from(appointments).where(eq(appointments.id, id)).get();
}

export function findAppointmentView(db: AppDb, id: number): AppointmentViewRow | undefined {
  return db
    .select(viewColumns)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(eq(appointments.id, id))
    .get();
}

export function listAppointmentsBetween(db: AppDb, from: number, to: number): AppointmentViewRow[] {
  return db
    .select(viewColumns)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(gte(appointments.startsAt, from), lt(appointments.startsAt, to)))
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .all();
}

export function listAppointmentsForPatient(db: AppDb, patientId: number): AppointmentViewRow[] {
  return db
    .select(viewColumns)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(eq(appointments.patientId, patientId))
    .orderBy(desc(appointments.startsAt), desc(appointments.id))
    .all();
}

export function insertAppointment(db: AppDb, values: NewAppointment): AppointmentRow {
  return db.insert(appointments).values(values).returning().get();
}

export function updateAppointment(db: AppDb, id: number, values: Partial<NewAppointment>): AppointmentRow | undefined {
  return db.update(appointments).set(values).where(eq(appointments.id, id)).returning().get();
}

/** The clinic's own clinician and location names, from its appointments (blank locations left out). */
export function appointmentOptions(db: AppDb): { clinicians: string[]; locations: string[] } {
  const distinct = (column: typeof appointments.clinician | typeof appointments.location) =>
    db
      .selectDistinct({ v: column })
      .from(appointments)
      .where(sql`trim(${column}) <> ''`)
      .orderBy(sql`${column} collate nocase`)
      .all()
      .map((r) => r.v);
  return { clinicians: distinct(appointments.clinician), locations: distinct(appointments.location) };
}

/** One change to an appointment row, as the appointments service announces it to reminders. */
export type AppointmentChangeKind = 'created' | 'moved' | 'updated' | 'cancelled';
export interface AppointmentChange {
  kind: AppointmentChangeKind;
  before: AppointmentRow | null;
  after: AppointmentRow;
  /** Who made it: staff, an import, or a patient's reply. */
  source: 'staff' | 'import' | 'patient';
}
