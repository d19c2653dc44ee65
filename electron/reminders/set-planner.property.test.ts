/**
 * Property: the set-based planner makes exactly the plan the per-appointment planner made.
 * Two stores get the same random clinic (patients sharing phones, some without a phone or
 * email, own time zones, an extra email-first rule), the same appointments, moves,
 * cancellations, confirmations and booked notices; after every planning run both report the same
 * counts and hold the same reminder_sends rows, messages and deliveries, row for row.
 * Appointments change through the repository here, so no replan runs behind the test's back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { findAppointment, insertAppointment, updateAppointment } from '../repos/appointments-repo';
import { planReminders, type PlannerDeps, type PlanResult } from './reminder-planner';
import { planRemindersPerAppointment } from './test-per-appointment-planner';

const HOUR = 3600_000;
const START = Date.UTC(2026, 8, 1, 12);
const PHONES = ['+12125550801', '+12125550802', '+12125550803'];
const ZONES = [null, 'America/Los_Angeles', 'Europe/London'];

const patientArb = fc.record({ phone: fc.option(fc.nat({ max: PHONES.length - 1 }), { nil: null }), email: fc.boolean(), zone: fc.nat({ max: ZONES.length - 1 }) });
const actionArb = fc.oneof(
  fc.record({ kind: fc.constant('plan' as const), advance: fc.integer({ min: 1, max: 14 * 60 }).map((m) => m * 60_000) }),
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(), by: fc.integer({ min: -20, max: 40 }).map((h) => h * HOUR) }),
  fc.record({ kind: fc.constant('cancel' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('confirm' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('notice' as const), index: fc.nat() }),
);

type Scenario = {
  patients: Array<{ phone: number | null; email: boolean; zone: number }>;
  appts: Array<{ patient: number; hoursAhead: number; confirmed: boolean }>;
  extraRule: { offsetHours: number; onlyIfUnconfirmed: boolean } | null;
  actions: Action[];
};
type Action = typeof actionArb extends fc.Arbitrary<infer T> ? T : never;

function setUp(h: Harness, s: Scenario): number[] {
  if (s.extraRule) {
    h.sqlite
      .prepare(`insert into reminder_rules (name, offset_minutes, channels, only_if_unconfirmed, enabled, created_at, updated_at) values ('extra', ?, '["email","sms"]', ?, 1, 0, 0)`)
      .run(s.extraRule.offsetHours * 60, s.extraRule.onlyIfUnconfirmed ? 1 : 0);
  }
  const patients = s.patients.map((p, i) =>
    h.addPatient({
      firstName: `P${i}`,
      ...(p.phone !== null ? { phone: PHONES[p.phone] } : {}),
      ...(p.email ? { email: `p${i}@example.com` } : {}),
      timeZone: ZONES[p.zone] ?? null,
    }),
  );
  const now = h.clock.now();
  return s.appts.map(
    (a) =>
      insertAppointment(h.db, {
        patientId: patients[a.patient % patients.length] ?? 0,
        clinician: 'Dr. Rivera',
        location: 'Room 2',
        startsAt: START + a.hoursAhead * HOUR,
        status: a.confirmed ? 'confirmed' : 'booked',
        createdAt: now,
        updatedAt: now,
      }).id,
  );
}

function act(h: Harness, ids: number[], action: Exclude<Action, { kind: 'plan' }>): void {
  const id = ids[action.index % ids.length] ?? 0;
  const row = findAppointment(h.db, id);
  if (!row || row.status === 'cancelled') return;
  const now = h.clock.now();
  if (action.kind === 'move') {
    const to = Math.max(now + HOUR, row.startsAt + action.by);
    if (to !== row.startsAt) updateAppointment(h.db, id, { startsAt: to, scheduleRevision: row.scheduleRevision + 1, updatedAt: now });
  } else if (action.kind === 'cancel') {
    updateAppointment(h.db, id, { status: 'cancelled', updatedAt: now });
  } else if (action.kind === 'confirm') {
    if (row.status === 'booked') updateAppointment(h.db, id, { status: 'confirmed', confirmedAt: now, updatedAt: now });
  } else if (action.kind === 'notice') {
    // What appointment-sync queues for a booking: it makes a reminder soon after redundant.
    h.engine.queue({
      to: { patientId: row.patientId },
      origin: 'appointment_event',
      purpose: 'transactional',
      body: 'Your appointment is booked.',
      appointmentId: id,
      dedupeKey: `appointment:${id}:booked:${row.scheduleRevision}`,
    });
  }
}

function snapshot(h: Harness) {
  return {
    sends: h.sqlite.prepare('select * from reminder_sends order by id').all(),
    messages: h.sqlite
      .prepare('select id, patient_id, channel, address, body, subject, dedupe_key, appointment_id, reminder_rule_id, origin, created_at from messages order by id')
      .all(),
    deliveries: h.sqlite.prepare('select id, message_id, channel, address, state, reason_code from deliveries order by id').all(),
  };
}

const depsOf = (h: Harness): PlannerDeps => ({
  db: h.db,
  messaging: h.engine,
  logger: h.logger,
  clinic: () => ({ name: 'Main Street Clinic', phone: '+12125550100', timeZone: h.clinic.get().timeZone }),
});

describe('set-based reminder planning (property)', () => {
  it('plans exactly what the per-appointment planner planned, run after run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(patientArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ patient: fc.nat(), hoursAhead: fc.integer({ min: 1, max: 80 }), confirmed: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.option(fc.record({ offsetHours: fc.integer({ min: 1, max: 72 }), onlyIfUnconfirmed: fc.boolean() }), { nil: null }),
        fc.array(actionArb, { minLength: 1, maxLength: 25 }),
        async (patients, appts, extraRule, actions) => {
          const scenario: Scenario = { patients, appts, extraRule, actions };
          const setBased = openHarness({ start: START, clinic: { timeZone: 'America/New_York' } });
          const perAppointment = openHarness({ start: START, clinic: { timeZone: 'America/New_York' } });
          try {
            const ids = setUp(setBased, scenario);
            expect(setUp(perAppointment, scenario)).toEqual(ids);
            for (const action of actions) {
              if (action.kind === 'plan') {
                setBased.clock.advance(action.advance);
                perAppointment.clock.advance(action.advance);
                const a: PlanResult = await planReminders(depsOf(setBased), setBased.clock.now());
                const b: PlanResult = planRemindersPerAppointment(depsOf(perAppointment), perAppointment.clock.now());
                expect(a).toEqual(b);
                expect(snapshot(setBased)).toEqual(snapshot(perAppointment));
              } else {
                act(setBased, ids, action);
                act(perAppointment, ids, action);
              }
            }
            expect(snapshot(setBased)).toEqual(snapshot(perAppointment));
          } finally {
            await setBased.dispose();
            await perAppointment.dispose();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});
