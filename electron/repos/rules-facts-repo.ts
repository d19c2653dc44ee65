/**
 * The facts the rules need (DESIGN §3): patients, contact points, consent, suppressions, and what
 * the daily cap counts. Every function takes the database first; statements are cached.
 */
import type { AppDb } from '../db/database';
import type { Channel, Purpose } from '../../shared/domain';
import { stmt } from '../db/sql-cache';

export interface PatientFacts {
  id: number;
  time_zone: string | null;
  archived: number;
  language: string;
  first_name: string;
  last_name: string;
}

export interface ContactRow {
  patient_id: number;
  kind: 'phone' | 'email';
  value: string;
  status: 'ok' | 'invalid' | 'bouncing';
  is_primary: number;
}

// ---------- facts for the rules ----------

export function getPatientFacts(db: AppDb, patientId: number): PatientFacts | undefined {
  return stmt(db, 'select id, time_zone, archived, language, first_name, last_name from patients where id = +?').get(patientId) as
    | PatientFacts
    | undefined;
}

export function getChannelOrder(db: AppDb, patientId: number): Channel[] | null {
  const row = stmt(db, 'select channel_order from preferences where patient_id = +?').get(patientId) as
    | { channel_order: string }
    | undefined;
  if (!row) return null;
  const parsed = JSON.parse(row.channel_order) as unknown;
  return Array.isArray(parsed) ? (parsed as Channel[]) : null;
}

export type QuietOverride = { start: string; end: string } | { none: true } | null;

export function getQuietOverride(db: AppDb, patientId: number): QuietOverride {
  const row = stmt(db, 'select quiet_hours_override q from preferences where patient_id = +?').get(patientId) as
    | { q: string | null }
    | undefined;
  if (!row || row.q === null) return null;
  return JSON.parse(row.q) as QuietOverride;
}

export function getContactPoints(db: AppDb, patientId: number): ContactRow[] {
  return stmt(
    db,
    'select patient_id, kind, value, status, is_primary from contact_points where patient_id = +? order by is_primary desc, id',
  ).all(patientId) as ContactRow[];
}

export function getContactStatus(db: AppDb, kind: 'phone' | 'email', value: string): ContactRow['status'] | null {
  const row = stmt(
    db,
    "select case when sum(status = 'invalid') > 0 then 'invalid' when sum(status = 'bouncing') > 0 then 'bouncing' else 'ok' end s, count(*) n from contact_points where kind = +? and value = +?",
  ).get(kind, value) as { s: ContactRow['status']; n: number };
  return row.n > 0 ? row.s : null;
}

export function patientsWithAddress(db: AppDb, kind: 'phone' | 'email', value: string): number[] {
  return (
    stmt(db, 'select distinct patient_id from contact_points where kind = +? and value = +? order by patient_id').all(kind, value) as Array<{
      patient_id: number;
    }>
  ).map((r) => r.patient_id);
}

export function isSuppressed(db: AppDb, channel: Channel, address: string): boolean {
  return (
    stmt(db, 'select 1 from suppressions where channel = +? and address = +? and lifted_at is null limit 1').get(channel, address) !==
    undefined
  );
}

/** The latest consent status for a patient, channel and purpose, or null when none was recorded. */
export function latestConsent(db: AppDb, patientId: number, channel: Channel, purpose: Purpose): 'opted_in' | 'opted_out' | null {
  const row = stmt(
    db,
    'select status from consent_events where patient_id = +? and channel = +? and purpose = +? order by id desc limit 1',
  ).get(patientId, channel, purpose) as { status: 'opted_in' | 'opted_out' } | undefined;
  return row?.status ?? null;
}

/**
 * Messages that reached (or are reaching) a provider for this patient in [from, to): what the
 * daily cap counts. Emergency messages are counted too (they are only exempt from the cap).
 */
export function countSentForPatient(db: AppDb, patientId: number, from: number, to: number, excludeDeliveryId: number): number {
  const row = stmt(
    db,
    `select count(*) n from messages m cross join deliveries d on d.message_id = m.id
     where m.patient_id = +? and d.id != ?
       and +d.state in ('sending','sent','delivered','read','undelivered')
       and coalesce(d.sent_at, d.attempt_started_at) >= ? and coalesce(d.sent_at, d.attempt_started_at) < ?`,
  ).get(patientId, excludeDeliveryId, from, to) as { n: number };
  return row.n;
}

/** Deliveries queued (not held) and due before `to`: counted at queue time as well. */
export function countQueuedForPatient(db: AppDb, patientId: number, from: number, to: number): number {
  const row = stmt(
    db,
    `select count(*) n from messages m cross join deliveries d on d.message_id = m.id
     where m.patient_id = +? and +d.state = 'queued' and d.next_attempt_at >= ? and d.next_attempt_at < ?`,
  ).get(patientId, from, to) as { n: number };
  return row.n;
}
