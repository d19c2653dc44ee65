/**
 * Reminder planning: an idempotent job `(now) => …`. For each upcoming booked/confirmed
 * appointment, the enabled rules with `startsAt - offset <= now < startsAt` (and still
 * unconfirmed if the rule says so) that have not covered it at its current schedule revision
 * are due. Only the one closest to the appointment goes; the others are recorded `skipped`
 * (`closer_rule:<id>`), and so is the winner when a booked/moved notice with the details went
 * in the last `noticeSkipHours` (`recent_notice`). What goes is grouped by address: one message
 * per phone or email per run (a parent and children), naming everyone. Running it after a
 * restart is the catch-up: started, cancelled and moved-away appointments fall out by themselves.
 *
 * A set operation, like queueing a broadcast: the window's appointments, what the rules already
 * covered, the patients' addresses and the recent notices come from a few queries
 * (reminder-facts.ts), the plan is made in memory, every message goes to the engine in one
 * queueBatch, and the reminder_sends rows are written in two transactions.
 */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import { stmt } from '../db/sql-cache';
import type { Logger } from '../foundation/logger';
import type { MessagingPort } from '../engine/messaging-port';
import type { QueueOutcome, QueueRequest } from '../engine/queue-types';
import type { Channel } from '../../shared/domain';
import { zoneOr } from '../../shared/time-zone';
import { listEnabledReminderRules, type ReminderRuleRow } from './reminder-rules-repo';
import type { NewReminderSend } from './reminder-sends-repo';
import { joinFirstNames } from '../repos/households-repo';
import { kindForChannel } from './contact-lookup';
import { reminderText } from './reminder-text';
import { addressesInWindow, candidates, coveredInWindow, coveredKey, recentNoticesInWindow, revisionKey, type Candidate, type PatientAddresses } from './reminder-facts';

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
  /** Hours after a booked/moved notice in which a reminder is skipped (default 12). */
  noticeSkipHours?: () => number;
}

export const DEFAULT_NOTICE_SKIP_HOURS = 12;

export interface PlanResult {
  queued: number;
  duplicates: number;
  refused: number;
  /** Rules not sent because a closer rule or a recent notice covered the appointment. */
  skipped: number;
}

/** Extra look-ahead so a grouped reminder includes siblings later the same day. */
export const GROUP_LOOKAHEAD_MS = 36 * 60 * 60 * 1000;

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

type Route = { channel: Channel; address: string };
type Member = { rule: ReminderRuleRow; a: Candidate; route: Route };
/** One message to plan: its rule (the leader's), where it goes, and its appointments, leader first. */
export interface PlannedReminder {
  rule: ReminderRuleRow;
  route: Route;
  members: Member[];
}

/** What a pass decides, before anything is written. */
export interface ReminderPlan {
  /** reminder_sends rows for rules that do not go (refused: no contact; skipped). */
  notes: NewReminderSend[];
  reminders: PlannedReminder[];
  refused: number;
  skipped: number;
}

const routeKey = (r: Route) => `${r.channel}|${r.address}`;

/** The plan for `now` from the window's facts: which rule goes for which appointment, grouped by address. */
export function planFrom(db: AppDb, rules: ReminderRuleRow[], now: number, clinic: ClinicInfo, noticeMs: number): ReminderPlan {
  const plan: ReminderPlan = { notes: [], reminders: [], refused: 0, skipped: 0 };
  if (rules.length === 0) return plan;
  const horizon = now + Math.max(...rules.map((r) => r.offsetMinutes)) * 60_000 + GROUP_LOOKAHEAD_MS;
  const all = candidates(db, now, horizon);
  if (all.length === 0) return plan;
  const covered = coveredInWindow(db, rules.map((r) => r.id), now, horizon);
  const addresses = addressesInWindow(db, now, horizon);
  const notices = noticeMs > 0 ? recentNoticesInWindow(db, now, horizon, now - noticeMs) : new Set<string>();
  const noticed = (a: Candidate) => notices.has(revisionKey(a.id, a.scheduleRevision));
  const isOpen = (rule: ReminderRuleRow, a: Candidate) => (!rule.onlyIfUnconfirmed || a.status === 'booked') && !covered.has(coveredKey(rule.id, a.id, a.scheduleRevision));
  const none: PatientAddresses = { phone: null, email: null };
  const routeOf = (rule: ReminderRuleRow, a: Candidate): Route | null => {
    const mine = addresses.get(a.patientId) ?? none;
    for (const channel of rule.channels) {
      const address = mine[kindForChannel(channel)];
      if (address) return { channel, address };
    }
    return null;
  };
  const days = new Map<number, string>();
  const dayOf = (a: Candidate) => {
    let day = days.get(a.id);
    if (day === undefined) {
      day = DateTime.fromMillis(a.startsAt, { zone: zoneOr(a.timeZone, clinic.timeZone) }).toISODate() ?? '';
      days.set(a.id, day);
    }
    return day;
  };
  const note = (rule: ReminderRuleRow, a: Candidate, outcome: NewReminderSend['outcome'], detail: string): NewReminderSend => ({
    ruleId: rule.id,
    appointmentId: a.id,
    scheduleRevision: a.scheduleRevision,
    address: null,
    channel: null,
    messageId: null,
    outcome,
    detail,
    createdAt: now,
  });

  // 1. Per appointment, of the rules due now only the one closest to the appointment goes.
  const picks: Member[] = [];
  for (const a of all) {
    const due = rules.filter((r) => isOpen(r, a) && a.startsAt - r.offsetMinutes * 60_000 <= now);
    if (due.length === 0) continue;
    const routable = due.filter((r) => routeOf(r, a) !== null);
    for (const r of due) if (!routable.includes(r)) plan.notes.push(note(r, a, 'refused', 'no_contact'));
    plan.refused += due.length - routable.length;
    const [winner, ...others] = [...routable].sort((x, y) => x.offsetMinutes - y.offsetMinutes || x.id - y.id);
    if (!winner) continue;
    for (const r of others) plan.notes.push(note(r, a, 'skipped', `closer_rule:${winner.id}`));
    plan.skipped += others.length;
    if (noticeMs > 0 && noticed(a)) {
      plan.notes.push(note(winner, a, 'skipped', 'recent_notice'));
      plan.skipped += 1;
      continue;
    }
    picks.push({ rule: winner, a, route: routeOf(winner, a) as Route });
  }

  // 2. One message per address: the picks sharing a channel and address go together, with
  // siblings later the same local day (not yet due) under the leader's rule. Siblings are looked
  // up by address (an appointment's route under any rule is one of its patient's addresses).
  const picked = new Set(picks.map((p) => p.a.id));
  const picksByRoute = new Map<string, Member[]>();
  for (const p of picks) {
    const list = picksByRoute.get(routeKey(p.route));
    if (list) list.push(p);
    else picksByRoute.set(routeKey(p.route), [p]);
  }
  const othersByAddress = new Map<string, Candidate[]>();
  for (const a of all) {
    if (picked.has(a.id)) continue;
    const mine = addresses.get(a.patientId);
    for (const address of new Set([mine?.phone, mine?.email])) {
      if (!address) continue;
      const list = othersByAddress.get(address);
      if (list) list.push(a);
      else othersByAddress.set(address, [a]);
    }
  }
  const handled = new Set<number>();
  for (const leader of picks) {
    if (handled.has(leader.a.id)) continue;
    const key = routeKey(leader.route);
    const group = (picksByRoute.get(key) ?? []).filter((p) => !handled.has(p.a.id));
    const groupDays = new Set(group.map((p) => dayOf(p.a)));
    for (const a of othersByAddress.get(leader.route.address) ?? []) {
      if (handled.has(a.id) || a.startsAt < leader.a.startsAt || !groupDays.has(dayOf(a)) || !isOpen(leader.rule, a)) continue;
      if (noticeMs > 0 && noticed(a)) continue;
      const r = routeOf(leader.rule, a);
      if (r && routeKey(r) === key) group.push({ rule: leader.rule, a, route: r });
    }
    group.sort((x, y) => (x === leader ? -1 : y === leader ? 1 : x.a.startsAt - y.a.startsAt || x.a.id - y.a.id));
    for (const m of group) handled.add(m.a.id);
    plan.reminders.push({ rule: leader.rule, route: leader.route, members: group });
  }
  return plan;
}

type Covered = { outcome: NewReminderSend['outcome']; messageId: number | null; detail: string | null };

/** How an engine outcome covers the group; null leaves it uncovered, for the next run to try again. */
function coverOf(out: QueueOutcome | undefined): Covered | null {
  if (!out) return null;
  // The engine's word for a request it could not build (a template that no longer renders, a
  // patient gone): as when queueing threw before, the next run tries again.
  if (out.status === 'refused' && out.reason === 'permanent_error') return null;
  if (out.status === 'refused') return { outcome: 'refused', messageId: null, detail: `${out.reason}: ${out.detail}` };
  return { outcome: out.status, messageId: out.messageId, detail: null };
}

export async function planReminders(deps: PlannerDeps, now: number): Promise<PlanResult> {
  const { db } = deps;
  const clinic = deps.clinic();
  const noticeMs = (deps.noticeSkipHours?.() ?? DEFAULT_NOTICE_SKIP_HOURS) * 3600_000;
  const plan = planFrom(db, listEnabledReminderRules(db), now, clinic, noticeMs);
  const result: PlanResult = { queued: 0, duplicates: 0, refused: plan.refused, skipped: plan.skipped };
  recordReminderSendsAll(db, plan.notes);
  if (plan.reminders.length > 0) {
    let outs: QueueOutcome[] = [];
    try {
      outs = await deps.messaging.queueBatch(plan.reminders.map((r) => reminderRequest(r, clinic, now)));
    } catch (error) {
      // Left uncovered: the next run tries again, and dedupe keys keep what did commit single.
      deps.logger.error('reminders could not be queued', { count: plan.reminders.length, error });
    }
    const rows: NewReminderSend[] = [];
    plan.reminders.forEach((reminder, i) => {
      const out = outs[i];
      const cover = coverOf(out);
      if (!cover) {
        if (out) deps.logger.error('reminder could not be queued', { ruleId: reminder.rule.id, appointmentId: reminder.members[0]?.a.id, error: out.status === 'refused' ? out.detail : out.status });
        return;
      }
      for (const m of reminder.members) {
        rows.push({
          ruleId: m.rule.id,
          appointmentId: m.a.id,
          scheduleRevision: m.a.scheduleRevision,
          address: reminder.route.address,
          channel: reminder.route.channel,
          messageId: cover.messageId,
          outcome: cover.outcome,
          detail: cover.detail,
          createdAt: now,
        });
      }
      if (cover.outcome === 'queued') result.queued += 1;
      else if (cover.outcome === 'duplicate') result.duplicates += 1;
      else result.refused += 1;
    });
    recordReminderSendsAll(db, rows);
  }
  if (result.queued + result.refused + result.skipped > 0) deps.logger.info('reminders planned', { ...result });
  return result;
}

/** reminder_sends rows in one transaction; a row already there (same rule and revision) stays. */
function recordReminderSendsAll(db: AppDb, rows: NewReminderSend[]): void {
  if (rows.length === 0) return;
  const insert = stmt(
    db,
    `insert into reminder_sends (rule_id, appointment_id, schedule_revision, address, channel, message_id, outcome, detail, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  inTransaction(db, () => {
    for (const r of rows) insert.run(r.ruleId, r.appointmentId, r.scheduleRevision, r.address ?? null, r.channel ?? null, r.messageId ?? null, r.outcome, r.detail ?? null, r.createdAt ?? null);
  });
}

/** The engine request for one planned reminder. */
export function reminderRequest(reminder: PlannedReminder, clinic: ClinicInfo, now: number): QueueRequest {
  const { rule, route } = reminder;
  const members = reminder.members.map((m) => m.a);
  const [leader] = members;
  if (!leader) throw new Error('a reminder needs at least one appointment');
  const zoneOf = (a: Candidate) => zoneOr(a.timeZone, clinic.timeZone);
  const items = members.map((m) => ({ firstName: m.firstName, startsAt: m.startsAt, clinician: m.clinician, location: m.location, timeZone: zoneOf(m) }));
  const text = reminderText(route.channel, items, clinic, now);
  // The engine builds `appointment.*` (start, date, time, clinician, …) from appointmentId in
  // the patient's zone and language; a grouped reminder adds the list of its appointments and
  // everyone's first names.
  const variables = {
    grouped: members.length > 1,
    recipients: { firstNames: joinFirstNames(members.map((m) => m.firstName)) },
    appointments: members.map((m) => ({
      id: m.id,
      patientFirstName: m.firstName,
      start: new Date(m.startsAt).toISOString(),
      time: DateTime.fromMillis(m.startsAt, { zone: zoneOf(m) }).toFormat('h:mm a'),
      clinician: m.clinician,
      location: m.location,
    })),
  };
  return {
    to: { patientId: leader.patientId },
    channel: route.channel,
    origin: 'reminder',
    purpose: 'transactional',
    ...(rule.templateId != null ? { templateId: rule.templateId } : { body: text.body, ...(text.subject ? { subject: text.subject } : {}) }),
    variables,
    appointmentId: leader.id,
    reminderRuleId: rule.id,
    dedupeKey: reminderDedupeKey(rule.id, members),
  };
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
