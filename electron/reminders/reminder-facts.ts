/**
 * What one planning pass reads, as a few set-based queries over the planning window instead of
 * lookups per appointment (SQL only): the upcoming appointments, which rule already covered
 * which revision, each patient's address per kind, and which revisions had a booked/moved notice.
 */
import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { appointments, patients } from '../db/schema';
import { stmt } from '../db/sql-cache';

export interface Candidate {
  id: number;
  patientId: number;
  startsAt: number;
  status: string;
  scheduleRevision: number;
  clinician: string;
  location: string;
  firstName: string;
  lastName: string;
  timeZone: string | null;
}

/** Booked or confirmed appointments of patients not archived, starting in (now, horizon], by start then id. */
export function candidates(db: AppDb, now: number, horizon: number): Candidate[] {
  return db
    .select({
      id: appointments.id,
      patientId: appointments.patientId,
      startsAt: appointments.startsAt,
      status: appointments.status,
      scheduleRevision: appointments.scheduleRevision,
      clinician: appointments.clinician,
      location: appointments.location,
      firstName: patients.firstName,
      lastName: patients.lastName,
      timeZone: patients.timeZone,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(gt(appointments.startsAt, now), lte(appointments.startsAt, horizon), inArray(appointments.status, ['booked', 'confirmed']), eq(patients.archived, false)))
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .all();
}

export const coveredKey = (ruleId: number, appointmentId: number, revision: number) => `${ruleId}:${appointmentId}:${revision}`;

/**
 * `rule:appointment:revision` of every reminder_sends row of these rules for appointments starting
 * in (now, horizon]. `+?` keeps the bound window out of the plan choice (db/sql-cache.ts); the
 * rule list drives the unique index (rule, appointment, revision).
 */
export function coveredInWindow(db: AppDb, ruleIds: number[], now: number, horizon: number): Set<string> {
  if (ruleIds.length === 0) return new Set();
  const rows = stmt(
    db,
    `select s.rule_id as ruleId, s.appointment_id as appointmentId, s.schedule_revision as rev from reminder_sends s
     where s.rule_id in (${ruleIds.map(() => '?').join(',')})
       and s.appointment_id in (select a.id from appointments a where a.starts_at > +? and a.starts_at <= +?)`,
  ).all(...ruleIds, now, horizon) as Array<{ ruleId: number; appointmentId: number; rev: number }>;
  return new Set(rows.map((r) => coveredKey(r.ruleId, r.appointmentId, r.rev)));
}

export interface PatientAddresses {
  phone: string | null;
  email: string | null;
}

/**
 * Per patient with an appointment in (now, horizon]: the usable address of each kind, primary
 * first then oldest (the same choice as contact-lookup.ts's patientAddress).
 */
export function addressesInWindow(db: AppDb, now: number, horizon: number): Map<number, PatientAddresses> {
  const rows = stmt(
    db,
    `select c.patient_id as patientId, c.kind, c.value from contact_points c
     where c.status = 'ok' and c.kind in ('phone', 'email')
       and c.patient_id in (select a.patient_id from appointments a where a.starts_at > +? and a.starts_at <= +?)
     order by c.patient_id, c.kind, c.is_primary desc, c.id asc`,
  ).all(now, horizon) as Array<{ patientId: number; kind: 'phone' | 'email'; value: string }>;
  const out = new Map<number, PatientAddresses>();
  for (const r of rows) {
    let entry = out.get(r.patientId);
    if (!entry) {
      entry = { phone: null, email: null };
      out.set(r.patientId, entry);
    }
    entry[r.kind] ??= r.value;
  }
  return out;
}

export const revisionKey = (appointmentId: number, revision: number) => `${appointmentId}:${revision}`;

/**
 * `appointment:revision` of the appointments in (now, horizon] whose booked or moved notice for
 * that revision went (or is going) since `since`: it already told the patient the date and time.
 */
export function recentNoticesInWindow(db: AppDb, now: number, horizon: number, since: number): Set<string> {
  const rows = stmt(
    db,
    `select a.id, a.schedule_revision as rev from appointments a
     where a.starts_at > +? and a.starts_at <= +?
       and exists (
         select 1 from messages m
         where m.dedupe_key in ('appointment:' || a.id || ':booked:' || a.schedule_revision, 'appointment:' || a.id || ':moved:' || a.schedule_revision)
           and m.appointment_id = a.id and m.origin = 'appointment_event' and m.created_at >= +?
           and exists (select 1 from deliveries d where d.message_id = m.id and d.state not in ('failed','cancelled','undelivered')))`,
  ).all(now, horizon, since) as Array<{ id: number; rev: number }>;
  return new Set(rows.map((r) => revisionKey(r.id, r.rev)));
}
