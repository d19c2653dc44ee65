/**
 * Reminder planning: an idempotent job `(now) => …`. For each enabled rule and each upcoming
 * booked/confirmed appointment with `startsAt - offset <= now < startsAt` (and still unconfirmed
 * if the rule says so) that the rule has not yet covered at the appointment's current schedule
 * revision, queue one reminder. Appointments sharing an address on the same local day (a parent
 * and children) get one grouped reminder. Running it after a restart is the catch-up: started,
 * cancelled and moved-away appointments fall out of the window or the revision by themselves.
 */
import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import { appointments, patients } from '../db/schema';
import type { Logger } from '../core/logger';
import type { MessagingPort } from '../scheduler/messaging-port';
import type { Channel } from '../../shared/domain';
import { listEnabledReminderRules, type ReminderRuleRow } from './reminder-rules-repo';
import { coveredKeys, recordReminderSends, type NewReminderSend } from './reminder-sends-repo';
import { patientAddress } from './contact-lookup';
import { reminderText } from './reminder-text';

export interface ClinicInfo {
  name: string;
  phone: string;
  timeZone: string;
}

export interface PlannerDeps {
  db: AppDb;
  messaging: MessagingPort;
  clinic: () => ClinicInfo;
  logger: Logger;
}

interface Candidate {
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

export interface PlanResult {
  queued: number;
  duplicates: number;
  refused: number;
}

/** Extra look-ahead so a grouped reminder includes siblings later the same day. */
const GROUP_LOOKAHEAD_MS = 36 * 60 * 60 * 1000;

function candidates(db: AppDb, now: number, horizon: number, only?: number[]): Candidate[] {
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
    .where(
      and(
        gt(appointments.startsAt, now),
        lte(appointments.startsAt, horizon),
        inArray(appointments.status, ['booked', 'confirmed']),
        eq(patients.archived, false),
        ...(only ? [inArray(appointments.id, only)] : []),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .all();
}

/**
 * `reminder:<rule>:<appointment>:<revision>`; a grouped reminder appends `+<id>:<rev>` for the
 * other members, so a regrouped set (a sibling moved away) is a new message, and the same
 * group planned again is a duplicate.
 */
export function reminderDedupeKey(ruleId: number, members: Array<{ id: number; scheduleRevision: number }>): string {
  const [first, ...rest] = members;
  if (!first) throw new Error('a reminder needs at least one appointment');
  return `reminder:${ruleId}:${first.id}:${first.scheduleRevision}${rest.map((m) => `+${m.id}:${m.scheduleRevision}`).join('')}`;
}

const eligible = (rule: ReminderRuleRow, a: Candidate) => !rule.onlyIfUnconfirmed || a.status === 'booked';

export function planReminders(deps: PlannerDeps, now: number): PlanResult {
  const { db } = deps;
  const result: PlanResult = { queued: 0, duplicates: 0, refused: 0 };
  const rules = listEnabledReminderRules(db);
  if (rules.length === 0) return result;
  const maxOffset = Math.max(...rules.map((r) => r.offsetMinutes)) * 60_000;
  const all = candidates(db, now, now + maxOffset + GROUP_LOOKAHEAD_MS);
  const clinic = deps.clinic();

  for (const rule of rules) {
    const offset = rule.offsetMinutes * 60_000;
    const pool = all.filter((a) => eligible(rule, a));
    const covered = coveredKeys(db, rule.id, pool.map((a) => a.id));
    const open = pool.filter((a) => !covered.has(`${a.id}:${a.scheduleRevision}`));
    const due = open.filter((a) => a.startsAt - offset <= now);
    if (due.length === 0) continue;

    // Where each open appointment's reminder would go: the first rule channel with an address.
    const route = new Map<number, { channel: Channel; address: string } | null>();
    const routeOf = (a: Candidate) => {
      if (!route.has(a.id)) {
        let found: { channel: Channel; address: string } | null = null;
        for (const channel of rule.channels) {
          const address = patientAddress(db, a.patientId, channel);
          if (address) {
            found = { channel, address };
            break;
          }
        }
        route.set(a.id, found);
      }
      return route.get(a.id) ?? null;
    };
    const zoneOf = (a: Candidate) => a.timeZone ?? clinic.timeZone;
    const groupKey = (a: Candidate, r: { channel: Channel; address: string }) =>
      `${r.channel}|${r.address}|${DateTime.fromMillis(a.startsAt, { zone: zoneOf(a) }).toISODate() ?? ''}`;

    const handled = new Set<number>();
    for (const leader of due) {
      if (handled.has(leader.id)) continue;
      const r = routeOf(leader);
      if (!r) {
        handled.add(leader.id);
        recordReminderSends(db, [
          { ruleId: rule.id, appointmentId: leader.id, scheduleRevision: leader.scheduleRevision, outcome: 'refused', detail: 'no_contact', createdAt: now },
        ]);
        result.refused += 1;
        continue;
      }
      const key = groupKey(leader, r);
      // The group: every open appointment at this address that day (due or not yet), leader first.
      const members = open.filter((a) => !handled.has(a.id) && a.startsAt >= leader.startsAt && (() => {
        const ar = routeOf(a);
        return ar !== null && groupKey(a, ar) === key;
      })());
      for (const m of members) handled.add(m.id);

      const items = members.map((m) => ({
        firstName: m.firstName,
        startsAt: m.startsAt,
        clinician: m.clinician,
        location: m.location,
        timeZone: zoneOf(m),
      }));
      const text = reminderText(r.channel, items, clinic);
      // The engine builds `appointment.*` (start, date, time, clinician, …) from appointmentId in
      // the patient's zone and language; a grouped reminder adds the list of its appointments.
      const variables = {
        grouped: members.length > 1,
        appointments: members.map((m) => ({
          id: m.id,
          patientFirstName: m.firstName,
          start: new Date(m.startsAt).toISOString(),
          time: DateTime.fromMillis(m.startsAt, { zone: zoneOf(m) }).toFormat('h:mm a'),
          clinician: m.clinician,
          location: m.location,
        })),
      };
      let outcome: NewReminderSend['outcome'];
      let messageId: number | null = null;
      let detail: string | null = null;
      try {
        const out = deps.messaging.queue({
          to: { patientId: leader.patientId },
          channel: r.channel,
          origin: 'reminder',
          purpose: 'transactional',
          ...(rule.templateId != null ? { templateId: rule.templateId } : { body: text.body, ...(text.subject ? { subject: text.subject } : {}) }),
          variables,
          appointmentId: leader.id,
          reminderRuleId: rule.id,
          dedupeKey: reminderDedupeKey(rule.id, members),
        });
        if (out.status === 'refused') {
          outcome = 'refused';
          detail = `${out.reason}: ${out.detail}`;
        } else {
          outcome = out.status;
          messageId = out.messageId;
        }
      } catch (error) {
        // Left uncovered so the next run tries again; the other reminders go on.
        deps.logger.error('reminder could not be queued', { ruleId: rule.id, appointmentId: leader.id, error });
        continue;
      }
      recordReminderSends(
        db,
        members.map((m) => ({
          ruleId: rule.id,
          appointmentId: m.id,
          scheduleRevision: m.scheduleRevision,
          address: r.address,
          channel: r.channel,
          messageId,
          outcome,
          detail,
          createdAt: now,
        })),
      );
      if (outcome === 'queued') result.queued += 1;
      else if (outcome === 'duplicate') result.duplicates += 1;
      else result.refused += 1;
    }
  }
  if (result.queued + result.refused > 0) deps.logger.info('reminders planned', { ...result });
  return result;
}

/** The earliest instant after `now` when some rule's window opens for an upcoming appointment. */
export function nextReminderDueAt(db: AppDb, now: number): number | null {
  const rules = listEnabledReminderRules(db);
  if (rules.length === 0) return null;
  const maxOffset = Math.max(...rules.map((r) => r.offsetMinutes)) * 60_000;
  let next: number | null = null;
  for (const a of candidates(db, now, now + maxOffset + GROUP_LOOKAHEAD_MS)) {
    for (const rule of rules) {
      const due = a.startsAt - rule.offsetMinutes * 60_000;
      if (due > now && (next === null || due < next)) next = due;
    }
  }
  return next;
}

/**
 * A reminder still waiting (held for quiet hours, or not yet sent) when its appointment starts
 * is pointless: cancel it. Looks back a day, so a restart catches these too. Returns how many
 * deliveries were cancelled.
 */
export function expireStartedReminders(deps: Pick<PlannerDeps, 'db' | 'messaging'>, now: number): number {
  const rows = deps.db.$client
    .prepare(
      `select distinct s.message_id as messageId from reminder_sends s
       join appointments a on a.id = s.appointment_id
       where s.message_id is not null and a.starts_at <= ? and a.starts_at > ?
         and exists (select 1 from deliveries d where d.message_id = s.message_id and d.state in ('queued', 'held'))`,
    )
    .all(now, now - 24 * 60 * 60_000) as Array<{ messageId: number }>;
  let cancelled = 0;
  for (const { messageId } of rows) cancelled += deps.messaging.cancelQueuedFor({ messageId }, 'appointment_changed');
  return cancelled;
}
