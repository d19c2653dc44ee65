/**
 * SQL for delivery_attempts: what each provider call sent, the sid it got, and the lookups of an
 * attempt being checked with the provider. Every function takes the database first.
 */
import type { Channel } from '../../shared/domain';
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';

export interface AttemptRow {
  id: number;
  delivery_id: number;
  attempt_no: number;
  started_at: number;
  provider: string;
  channel: Channel;
  to_address: string;
  sender: string | null;
  body: string | null;
  subject: string | null;
  content_sid: string | null;
  content_variables: string | null;
  media: string | null;
  provider_id: string | null;
  outcome: string | null;
  checking_until: number | null;
  next_lookup_at: number | null;
  lookups: number;
  ended_at: number | null;
}

export interface NewAttempt {
  deliveryId: number;
  attemptNo: number;
  startedAt: number;
  provider: string;
  channel: Channel;
  to: string;
  sender: string | null;
  body: string | null;
  subject: string | null;
  contentSid: string | null;
  contentVariables: string | null;
  media: string[] | null;
}

/** Records an attempt; a leftover row with the same number (an offline retry reuses it) is replaced. */
export function insertAttempt(db: AppDb, a: NewAttempt): void {
  stmt(
    db,
    `insert or replace into delivery_attempts (delivery_id, attempt_no, started_at, provider, channel, to_address, sender, body, subject,
       content_sid, content_variables, media, lookups) values (?,?,?,?,?,?,?,?,?,?,?,?,0)`,
  ).run(
    a.deliveryId,
    a.attemptNo,
    a.startedAt,
    a.provider,
    a.channel,
    a.to,
    a.sender,
    a.body,
    a.subject,
    a.contentSid,
    a.contentVariables,
    a.media && a.media.length > 0 ? JSON.stringify(a.media) : null,
  );
}

export function getAttempt(db: AppDb, deliveryId: number, attemptNo: number): AttemptRow | undefined {
  return stmt(db, 'select * from delivery_attempts where delivery_id = +? and attempt_no = +?').get(deliveryId, attemptNo) as AttemptRow | undefined;
}

export function latestAttempt(db: AppDb, deliveryId: number): AttemptRow | undefined {
  return stmt(db, 'select * from delivery_attempts where delivery_id = +? order by attempt_no desc limit 1').get(deliveryId) as AttemptRow | undefined;
}

/** Ends an attempt: its outcome, the sid it got (if any), the lookup schedule cleared. */
export function endAttempt(db: AppDb, id: number, outcome: string, providerId: string | null, now: number): void {
  stmt(
    db,
    `update delivery_attempts set outcome = ?, provider_id = coalesce(?, provider_id), ended_at = ?, checking_until = null, next_lookup_at = null where id = +?`,
  ).run(outcome, providerId, now, id);
}

/**
 * The provider accepted this attempt, just made by the sending path (never looked up, so its
 * lookup columns are already empty and are left alone).
 */
export function acceptAttempt(db: AppDb, deliveryId: number, attemptNo: number, providerId: string, now: number): void {
  stmt(db, `update delivery_attempts set outcome = 'accepted', provider_id = ?, ended_at = ? where delivery_id = +? and attempt_no = +?`).run(
    providerId,
    now,
    deliveryId,
    attemptNo,
  );
}

/** Nothing was sent (the provider could not be reached): the attempt is forgotten. */
export function deleteAttempt(db: AppDb, id: number): void {
  stmt(db, 'delete from delivery_attempts where id = +?').run(id);
}

/**
 * Starts or continues checking with the provider: lookups until `until`, the next at `nextAt`
 * (mirrored on the delivery's next_attempt_at, so staff see when it is checked next).
 */
export function scheduleLookup(db: AppDb, id: number, until: number, nextAt: number, lookupsDelta: number): void {
  stmt(db, `update delivery_attempts set outcome = 'checking', checking_until = ?, next_lookup_at = ?, lookups = lookups + ? where id = +?`).run(
    until,
    nextAt,
    lookupsDelta,
    id,
  );
  stmt(db, `update deliveries set next_attempt_at = ? where id = (select delivery_id from delivery_attempts where id = +?) and state = 'sending'`).run(nextAt, id);
}

/** Attempts being checked whose next lookup is due (their delivery still `sending`). */
export function dueLookups(db: AppDb, now: number, limit: number): AttemptRow[] {
  return stmt(
    db,
    `select a.* from delivery_attempts a join deliveries d on d.id = a.delivery_id and d.attempt_count = a.attempt_no
     where a.next_lookup_at is not null and a.next_lookup_at <= ? and d.state = 'sending' order by a.next_lookup_at limit ?`,
  ).all(now, limit) as AttemptRow[];
}

export function earliestLookup(db: AppDb): { t: number; provider: string } | null {
  const row = stmt(
    db,
    `select a.next_lookup_at t, a.provider from delivery_attempts a join deliveries d on d.id = a.delivery_id and d.attempt_count = a.attempt_no
     where a.next_lookup_at is not null and d.state = 'sending' order by a.next_lookup_at limit 1`,
  ).get() as { t: number; provider: string } | undefined;
  return row ?? null;
}

/** Every provider id already owned on this channel and address: by any delivery or any attempt. */
export function ownedProviderIds(db: AppDb, channel: Channel, address: string): Set<string> {
  const rows = stmt(
    db,
    `select provider_id p from delivery_attempts where channel = +? and to_address = +? and provider_id is not null
     union select provider_id p from deliveries where channel = +? and address = +? and provider_id is not null`,
  ).all(channel, address, channel, address) as Array<{ p: string }>;
  return new Set(rows.map((r) => r.p));
}

/**
 * Whether a sid is already owned by an attempt other than `attemptId`: of another delivery, or an
 * earlier attempt of this one. Attempts hold every sid a delivery ever got (its own column too:
 * recordAccepted writes both), so the deliveries table needs no index on it.
 */
export function providerIdOwned(db: AppDb, providerId: string, attemptId: number): boolean {
  return stmt(db, `select 1 from delivery_attempts where provider_id = +? and id != ? limit 1`).get(providerId, attemptId) !== undefined;
}
