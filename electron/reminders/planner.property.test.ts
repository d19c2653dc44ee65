/**
 * Property: whatever the appointments, moves, cancellations, confirmations and planning times,
 * each rule reminds each appointment revision at most once, never before its window opens or
 * after it starts, never after it was cancelled, and every eligible appointment inside its
 * window is covered once planning has run.
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
                h.scheduler.planReminders(h.clock.now());
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
