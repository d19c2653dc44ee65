/**
 * Property: whatever the appointments, moves, cancellations, confirmations and planning times,
 * each rule reminds each appointment revision at most once, never before its window opens or
 * after it starts, never after it was cancelled, and every eligible appointment inside its
 * window is covered once planning has run. Reminders never stack: one planning run sends an
 * appointment at most one reminder, a rule left out says why (a closer rule that went at that
 * moment, or a recent booked/moved notice), and no reminder follows a notice within 12 hours.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openHarness } from '../scheduler/test-harness';
import { listReminderRules } from './reminder-rules-repo';
import { findAppointment, updateAppointment } from '../repos/appointments-repo';

const HOUR = 3600_000;
const START = Date.UTC(2026, 8, 1, 12);

const actionArb = fc.oneof(
  fc.record({ kind: fc.constant('plan' as const), advance: fc.integer({ min: 1, max: 12 * 60 }).map((m) => m * 60_000) }),
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(), by: fc.integer({ min: -20, max: 40 }).map((h) => h * HOUR) }),
  fc.record({ kind: fc.constant('cancel' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('confirm' as const), index: fc.nat() }),
);

describe('reminder planning (property)', () => {
  it('reminds each appointment revision at most once, only inside its window, never after a cancel', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ patient: fc.integer({ min: 0, max: 3 }), hoursAhead: fc.integer({ min: 1, max: 80 }) }), { minLength: 1, maxLength: 10 }),
        fc.array(actionArb, { minLength: 1, maxLength: 25 }),
        async (appts, actions) => {
          const h = openHarness({ start: START, clinic: { timeZone: 'America/New_York' } });
          try {
            const phones = ['+12125550801', '+12125550801', '+12125550802', '+12125550803'];
            const patients = phones.map((phone, i) => h.addPatient({ firstName: `Q${i}`, phone, email: `q${i}@example.com` }));
            const ids = appts.map((a) => h.book(patients[a.patient] ?? 0, START + a.hoursAhead * HOUR));
            const cancelledAt = new Map<number, number>();
            const rules = listReminderRules(h.db);
            for (const action of actions) {
              const id = ids[('index' in action ? action.index : 0) % ids.length] ?? 0;
              const row = findAppointment(h.db, id);
              if (action.kind === 'plan') {
                h.clock.advance(action.advance);
                await h.scheduler.planReminders(h.clock.now());
                // Every eligible appointment inside a rule's window is covered now.
                for (const a of ids.map((x) => findAppointment(h.db, x))) {
                  if (!a || (a.status !== 'booked' && a.status !== 'confirmed') || a.startsAt <= h.clock.now()) continue;
                  for (const rule of rules) {
                    if (rule.onlyIfUnconfirmed && a.status !== 'booked') continue;
                    if (a.startsAt - rule.offsetMinutes * 60_000 > h.clock.now()) continue;
                    const covered = h.sqlite
                      .prepare('select count(*) as n from reminder_sends where rule_id = ? and appointment_id = ? and schedule_revision = ?')
                      .get(rule.id, a.id, a.scheduleRevision) as { n: number };
                    expect(covered.n).toBe(1);
                  }
                }
              } else if (!row || row.status === 'cancelled') {
                continue;
              } else if (action.kind === 'move') {
                const to = Math.max(h.clock.now() + HOUR, row.startsAt + action.by);
                if (to !== row.startsAt) h.appointments.update({ id, startsAt: to });
              } else if (action.kind === 'cancel') {
                h.appointments.cancel(id);
                cancelledAt.set(id, h.clock.now());
              } else if (row.status === 'booked') {
                updateAppointment(h.db, id, { status: 'confirmed', confirmedAt: h.clock.now() });
              }
              await h.settle();
            }
            // What the planner recorded as reminded, with the message it went in.
            const rows = h.sqlite
              .prepare(
                `select s.rule_id as ruleId, s.appointment_id as appointmentId, s.schedule_revision as rev, m.created_at as at, m.dedupe_key as k
                 from reminder_sends s join messages m on m.id = s.message_id`,
              )
              .all() as Array<{ ruleId: number; appointmentId: number; rev: number; at: number; k: string }>;
            const seen = new Set<string>();
            for (const r of rows) {
              const key = `${r.ruleId}:${r.appointmentId}:${r.rev}`;
              expect(seen.has(key)).toBe(false);
              seen.add(key);
              const cancelled = cancelledAt.get(r.appointmentId);
              if (cancelled !== undefined) expect(r.at).toBeLessThanOrEqual(cancelled);
            }
            // No stacking: per appointment and planning run, at most one reminder goes.
            const all = h.sqlite
              .prepare(
                `select rule_id as ruleId, appointment_id as appointmentId, schedule_revision as rev, outcome, detail, created_at as at from reminder_sends`,
              )
              .all() as Array<{ ruleId: number; appointmentId: number; rev: number; outcome: string; detail: string | null; at: number }>;
            const perRun = new Map<string, number>();
            for (const r of all.filter((x) => x.outcome === 'queued' || x.outcome === 'duplicate')) {
              const key = `${r.appointmentId}@${r.at}`;
              perRun.set(key, (perRun.get(key) ?? 0) + 1);
            }
            for (const n of perRun.values()) expect(n).toBe(1);
            const offsetOf = (ruleId: number) => rules.find((x) => x.id === ruleId)?.offsetMinutes ?? -1;
            const notices = h.sqlite
              .prepare(
                `select appointment_id as appointmentId, dedupe_key as k, created_at as at from messages where origin = 'appointment_event' and (dedupe_key like '%:booked:%' or dedupe_key like '%:moved:%')`,
              )
              .all() as Array<{ appointmentId: number; k: string; at: number }>;
            const noticeWithin = (appointmentId: number, rev: number, at: number) =>
              notices.some((n) => n.appointmentId === appointmentId && n.k.endsWith(`:${rev}`) && n.at <= at && at - n.at <= 12 * HOUR);
            for (const r of all) {
              if (r.outcome === 'skipped') {
                const closer = /^closer_rule:(\d+)$/.exec(r.detail ?? '');
                if (closer) {
                  // The closer rule is closer to the appointment and was decided in the same run.
                  expect(offsetOf(Number(closer[1]))).toBeLessThan(offsetOf(r.ruleId));
                  expect(all.some((x) => x.ruleId === Number(closer[1]) && x.appointmentId === r.appointmentId && x.rev === r.rev && x.at === r.at)).toBe(true);
                } else {
                  expect(r.detail).toBe('recent_notice');
                  expect(noticeWithin(r.appointmentId, r.rev, r.at)).toBe(true);
                }
              } else if (r.outcome === 'queued') {
                expect(noticeWithin(r.appointmentId, r.rev, r.at)).toBe(false);
              }
            }
            // A message's own appointment (the leader) was inside the window when it was queued.
            const messages = h.reminderMessages();
            expect(new Set(messages.map((m) => m.dedupeKey)).size).toBe(messages.length);
            for (const m of messages) {
              const [, ruleId, appointmentId, rev] = /^reminder:(\d+):(\d+):(\d+)/.exec(m.dedupeKey) ?? [];
              const rule = rules.find((x) => x.id === Number(ruleId));
              const history = h.sqlite
                .prepare(`select starts_at as s from appointments where id = ? and schedule_revision = ?`)
                .get(Number(appointmentId), Number(rev)) as { s: number } | undefined;
              // Only check the current revision (earlier revisions' start times are not kept).
              if (!history || !rule) continue;
              expect(m.createdAt).toBeGreaterThanOrEqual(history.s - rule.offsetMinutes * 60_000);
              expect(m.createdAt).toBeLessThan(history.s);
            }
          } finally {
            await h.dispose();
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
