/**
 * The reminder planner as it was before it became a set operation, kept only as the oracle of
 * set-planner.property.test.ts: per appointment, lookups one by one (addresses, covered
 * revisions, recent notices), one `queue` call and one reminder_sends insert at a time. Its
 * decisions are the rules; the set-based planner must make exactly the same ones.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import { reminderSends } from '../db/schema';
import type { Channel } from '../../shared/domain';
import { listEnabledReminderRules, type ReminderRuleRow } from './reminder-rules-repo';
import type { NewReminderSend } from './reminder-sends-repo';
import { patientAddress } from './contact-lookup';
import { candidates, type Candidate } from './reminder-facts';
import { DEFAULT_NOTICE_SKIP_HOURS, GROUP_LOOKAHEAD_MS, reminderRequest, type ClinicInfo, type PlannerDeps, type PlanResult } from './reminder-planner';

function coveredKeys(db: AppDb, ruleId: number, appointmentIds: number[]): Set<string> {
  if (appointmentIds.length === 0) return new Set();
  const rows = db
    .select({ appointmentId: reminderSends.appointmentId, rev: reminderSends.scheduleRevision })
    .from(reminderSends)
    .where(and(eq(reminderSends.ruleId, ruleId), inArray(reminderSends.appointmentId, appointmentIds)))
    .all();
  return new Set(rows.map((r) => `${r.appointmentId}:${r.rev}`));
}

function recordReminderSends(db: AppDb, rows: NewReminderSend[]): void {
  for (const row of rows) db.insert(reminderSends).values(row).onConflictDoNothing().run();
}

function recentNoticeCarriedDetails(db: AppDb, appointmentId: number, revision: number, since: number): boolean {
  const row = db.$client
    .prepare(
      `select 1 from messages m where m.appointment_id = ? and m.origin = 'appointment_event' and m.created_at >= ?
         and m.dedupe_key in (?, ?)
         and exists (select 1 from deliveries d where d.message_id = m.id and d.state not in ('failed','cancelled','undelivered'))
       limit 1`,
    )
    .get(appointmentId, since, `appointment:${appointmentId}:booked:${revision}`, `appointment:${appointmentId}:moved:${revision}`);
  return row !== undefined;
}

const eligible = (rule: ReminderRuleRow, a: Candidate) => !rule.onlyIfUnconfirmed || a.status === 'booked';

type Route = { channel: Channel; address: string };

export function planRemindersPerAppointment(deps: PlannerDeps, now: number): PlanResult {
  const { db } = deps;
  const result: PlanResult = { queued: 0, duplicates: 0, refused: 0, skipped: 0 };
  const rules = listEnabledReminderRules(db);
  if (rules.length === 0) return result;
  const maxOffset = Math.max(...rules.map((r) => r.offsetMinutes)) * 60_000;
  const all = candidates(db, now, now + maxOffset + GROUP_LOOKAHEAD_MS);
  const clinic = deps.clinic();
  const noticeMs = (deps.noticeSkipHours?.() ?? DEFAULT_NOTICE_SKIP_HOURS) * 3600_000;
  const covered = new Map(rules.map((r) => [r.id, coveredKeys(db, r.id, all.map((a) => a.id))]));
  const isOpen = (rule: ReminderRuleRow, a: Candidate) => eligible(rule, a) && !covered.get(rule.id)?.has(`${a.id}:${a.scheduleRevision}`);

  const routes = new Map<string, Route | null>();
  const routeOf = (rule: ReminderRuleRow, a: Candidate): Route | null => {
    const key = `${rule.id}:${a.id}`;
    if (!routes.has(key)) {
      let found: Route | null = null;
      for (const channel of rule.channels) {
        const address = patientAddress(db, a.patientId, channel);
        if (address) {
          found = { channel, address };
          break;
        }
      }
      routes.set(key, found);
    }
    return routes.get(key) ?? null;
  };
  const zoneOf = (a: Candidate) => a.timeZone ?? clinic.timeZone;
  const dayOf = (a: Candidate) => DateTime.fromMillis(a.startsAt, { zone: zoneOf(a) }).toISODate() ?? '';
  const send = (rule: ReminderRuleRow, a: Candidate, outcome: NewReminderSend['outcome'], detail: string | null, route: Route | null = null): NewReminderSend => ({
    ruleId: rule.id,
    appointmentId: a.id,
    scheduleRevision: a.scheduleRevision,
    address: route?.address ?? null,
    channel: route?.channel ?? null,
    messageId: null,
    outcome,
    detail,
    createdAt: now,
  });

  // 1. Per appointment, of the rules due now only the one closest to the appointment goes.
  const picks: Array<{ rule: ReminderRuleRow; a: Candidate; route: Route }> = [];
  const notes: NewReminderSend[] = [];
  for (const a of all) {
    const due = rules.filter((r) => isOpen(r, a) && a.startsAt - r.offsetMinutes * 60_000 <= now);
    if (due.length === 0) continue;
    const routable = due.filter((r) => routeOf(r, a) !== null);
    for (const r of due) if (!routable.includes(r)) notes.push(send(r, a, 'refused', 'no_contact'));
    result.refused += due.length - routable.length;
    const [winner, ...others] = [...routable].sort((x, y) => x.offsetMinutes - y.offsetMinutes || x.id - y.id);
    if (!winner) continue;
    for (const r of others) notes.push(send(r, a, 'skipped', `closer_rule:${winner.id}`));
    result.skipped += others.length;
    if (noticeMs > 0 && recentNoticeCarriedDetails(db, a.id, a.scheduleRevision, now - noticeMs)) {
      notes.push(send(winner, a, 'skipped', 'recent_notice'));
      result.skipped += 1;
      continue;
    }
    picks.push({ rule: winner, a, route: routeOf(winner, a) as Route });
  }
  recordReminderSends(db, notes);

  // 2. One message per address: the picks sharing a channel and address go together, with
  // siblings later the same local day (not yet due) under the leader's rule.
  const handled = new Set<number>();
  for (const leader of picks) {
    if (handled.has(leader.a.id)) continue;
    const key = `${leader.route.channel}|${leader.route.address}`;
    const group = picks.filter((p) => !handled.has(p.a.id) && `${p.route.channel}|${p.route.address}` === key);
    const days = new Set(group.map((p) => dayOf(p.a)));
    const picked = new Set(picks.map((p) => p.a.id));
    for (const a of all) {
      if (picked.has(a.id) || handled.has(a.id) || a.startsAt < leader.a.startsAt || !days.has(dayOf(a)) || !isOpen(leader.rule, a)) continue;
      if (noticeMs > 0 && recentNoticeCarriedDetails(db, a.id, a.scheduleRevision, now - noticeMs)) continue;
      const r = routeOf(leader.rule, a);
      if (r && `${r.channel}|${r.address}` === key) group.push({ rule: leader.rule, a, route: r });
    }
    group.sort((x, y) => (x === leader ? -1 : y === leader ? 1 : x.a.startsAt - y.a.startsAt || x.a.id - y.a.id));
    for (const m of group) handled.add(m.a.id);
    const members = group.map((m) => m.a);
    const outcome = queueReminder(deps, leader.rule, leader.route, members, clinic, now);
    if (!outcome) continue; // left uncovered: the next run tries again
    recordReminderSends(
      db,
      group.map((m) => ({ ...send(m.rule, m.a, outcome.outcome, outcome.detail, leader.route), messageId: outcome.messageId })),
    );
    if (outcome.outcome === 'queued') result.queued += 1;
    else if (outcome.outcome === 'duplicate') result.duplicates += 1;
    else result.refused += 1;
  }
  if (result.queued + result.refused + result.skipped > 0) deps.logger.info('reminders planned', { ...result });
  return result;
}

function queueReminder(
  deps: PlannerDeps,
  rule: ReminderRuleRow,
  route: Route,
  members: Candidate[],
  clinic: ClinicInfo,
  now: number,
): { outcome: NewReminderSend['outcome']; messageId: number | null; detail: string | null } | null {
  const [leader] = members;
  if (!leader) return null;
  try {
    // The request itself is the planner's; this oracle re-derives which reminders go, not their text.
    const out = deps.messaging.queue(reminderRequest({ rule, route, members: members.map((a) => ({ rule, a, route })) }, clinic, now));
    if (out.status === 'refused') return { outcome: 'refused', messageId: null, detail: `${out.reason}: ${out.detail}` };
    return { outcome: out.status, messageId: out.messageId, detail: null };
  } catch (error) {
    deps.logger.error('reminder could not be queued', { ruleId: rule.id, appointmentId: leader.id, error });
    return null;
  }
}

