/**
 * Isolation (DESIGN §4: a problem with one row never stops the others). Faults are injected at
 * random rows and stages (rules, render, provider call, recording the answer, reconciliation,
 * status polling), on top of answers the fake stores but never delivers; every other row is
 * delivered exactly once, and a faulted row ends delivered at most once or failed with a reason.
 * Also the case found in the field: a fallback delivery left in `sending` whose template was
 * archived does not stop an ordinary SMS queued beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import type { FaultStage } from './dispatcher-config';
import { addPatient, allDeliveries, drain, makeEngineFixture } from './test-support';

const START = Date.UTC(2026, 0, 15, 17, 0, 0);
const FROM = '+15005550006';
const STAGES: FaultStage[] = ['rules', 'render', 'provider', 'write', 'reconcile', 'poll'];
let fake: FakeTwilio;
let clock: FakeClock;

beforeAll(async () => {
  clock = new FakeClock(START);
  fake = await FakeTwilio.start({ now: () => new Date(clock.now()), recordRequests: false, seed: 11 });
});
afterAll(async () => {
  await fake.close();
});

function twilioProvider() {
  return createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: FROM, apiBaseUrl: fake.baseUrl, timeoutMs: 5_000 });
}

describe('one row cannot stop the others', () => {
  let runNo = 0;
  const firedRuns: Array<Set<string>> = [];
  it('faults at random rows and stages: every other row is delivered exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...STAGES)), { maxLength: 8 }),
        fc.constantFrom(0, 0.2, 0.5),
        async (n, faultSpecs, lostAnswers) => {
          runNo++;
          clock.set(START + runNo * 86_400_000);
          const faults = new Set(faultSpecs.map(([row, stage]) => `${(row % n) + 1}|${stage}`));
          const fired = new Set<string>();
          firedRuns.push(fired);
          const fx = makeEngineFixture({
            clock,
            providers: { twilio: twilioProvider() },
            routes: { sms: 'twilio' },
            dispatcher: { senderRates: { [FROM]: Infinity } },
            faultHook: (stage, deliveryId) => {
              const key = `${deliveryId}|${stage}`;
              if (faults.has(key) && !fired.has(key)) {
                fired.add(key);
                throw new Error(`injected fault at ${stage}`);
              }
            },
          });
          const phones: string[] = [];
          try {
            for (let i = 0; i < n; i++) {
              const phone = `+1646${String(runNo % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`;
              phones.push(phone);
              const p = addPatient(fx.db, { phone, channelOrder: ['sms'] });
              fx.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `Isolation ${runNo}.${i}` });
            }
            fake.setFaults({ acceptThenDropRate: lostAnswers });
            await fx.engine.runOnce();
            fake.setFaults({ acceptThenDropRate: 0 });
            await drain(fx, { maxPasses: 400 });
            const rows = allDeliveries(fx.db);
            expect(rows.filter((r) => ['queued', 'held', 'sending'].includes(r.state))).toEqual([]);
            const faulted = new Set([...fired].map((k) => Number(k.split('|')[0])));
            const sends = (phone: string) => fake.accepted.filter((a) => a.to === phone).length;
            for (const r of rows) {
              const phone = phones[r.id - 1] as string;
              if (!faulted.has(r.id)) {
                expect({ id: r.id, state: r.state, sends: sends(phone) }).toEqual({ id: r.id, state: 'delivered', sends: 1 });
              } else {
                expect(sends(phone)).toBeLessThanOrEqual(1);
                if (r.state !== 'delivered') expect(r.reason_code).not.toBeNull();
              }
            }
          } finally {
            fake.setFaults({ acceptThenDropRate: 0 });
            await fx.dispose();
          }
        },
      ),
      // A fixed seed keeps CI as green as the last run; ISOLATION_SEED explores others.
      { numRuns: Number(process.env.ISOLATION_NUM_RUNS ?? 12), seed: Number(process.env.ISOLATION_SEED ?? 20261201) },
    );
    // The faults really fired, at every stage (a hook that never throws would pass vacuously).
    const stages = new Set(firedRuns.flatMap((f) => [...f].map((k) => k.split('|')[1])));
    expect([...stages].sort()).toEqual([...STAGES].sort());
  }, 120_000);

  it('an archived-template fallback left in sending at start-up does not stop an ordinary SMS queued beside it', async () => {
    clock.set(START);
    const fx = makeEngineFixture({ clock, providers: { twilio: twilioProvider() }, routes: { sms: 'twilio', email: 'sandbox' } });
    try {
      const db = fx.db.$client;
      const now = clock.now();
      db.prepare(`insert into templates (name, category, purpose, fallback_language, created_at, updated_at) values ('recall', 'recall', 'transactional', 'en', ?, ?)`).run(now, now);
      const content = { en: { email: { subject: 'Recall', body: 'Time for your check-up, {{ patient.firstName }}' }, sms: { body: 'Check-up due, {{ patient.firstName }}' } } };
      db.prepare(`insert into template_versions (template_id, version, content, created_at) values (1, 1, ?, ?)`).run(JSON.stringify(content), now);
      db.prepare('update templates set current_version_id = 1 where id = 1').run();
      const p1 = addPatient(fx.db, { firstName: 'Ann', phone: '+12125550401', email: 'ann@example.com', channelOrder: ['email', 'sms'] });
      const recall = fx.engine.queue({ to: { patientId: p1 }, origin: 'reminder', purpose: 'transactional', templateId: 1 });
      expect(recall.status === 'queued' && recall.channel).toBe('email');
      // The state a crash left: the email failed, its SMS fallback was in `sending` (sent by a
      // version that kept no content), and the template has since been archived.
      db.prepare(`update deliveries set state = 'failed', reason_code = 'hard_bounce', final_at = ? where id = 1`).run(now);
      db.prepare(
        `insert into deliveries (message_id, channel, address, provider, sender, state, attempt_count, attempt_started_at, fallback_of_delivery_id, created_at, updated_at)
         values (1, 'sms', '+12125550401', 'twilio', ?, 'sending', 1, ?, 1, ?, ?)`,
      ).run(FROM, now - 60_000, now, now);
      db.prepare(`insert into delivery_attempts (delivery_id, attempt_no, started_at, provider, channel, to_address, sender, outcome) values (2, 1, ?, 'twilio', 'sms', '+12125550401', ?, 'unknown')`).run(now - 60_000, FROM);
      db.prepare('update templates set archived = 1 where id = 1').run();
      const p2 = addPatient(fx.db, { phone: '+12125550402', channelOrder: ['sms'] });
      fx.engine.queue({ to: { patientId: p2 }, origin: 'staff', purpose: 'transactional', body: 'Your prescription is ready' });

      await fx.engine.runOnce();
      const afterStart = allDeliveries(fx.db);
      expect(afterStart.find((d) => d.address === '+12125550402')?.state).toBe('sent');
      expect(afterStart.find((d) => d.id === 2)?.reason_code).toBe('checking_provider');
      await drain(fx);
      const rows = allDeliveries(fx.db);
      expect(rows.find((d) => d.address === '+12125550402')?.state).toBe('delivered');
      // Nothing at Twilio for it and it cannot be rendered any more: failed with a reason staff can read.
      expect(rows.find((d) => d.id === 2)).toMatchObject({ state: 'failed', reason_code: 'render_failed' });
      expect(fake.accepted.filter((a) => a.to === '+12125550401')).toHaveLength(0);
    } finally {
      await fx.dispose();
    }
  });
});
