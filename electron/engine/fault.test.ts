/**
 * Fault test: with 30% 5xx answers, 429 bursts and a 30-second outage, every message is
 * delivered exactly once, no attempt is spent while offline, and every backoff stays within its
 * bounds. The engine runs on the injected clock, so the 30-second outage is 30 s of engine time
 * (probes included) and takes well under a second of real time; the fake's outage itself is real
 * (its listener is closed, connections are refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import { backoffBounds, defaultBackoff } from './backoff';
import { addPatient, allDeliveries, makeEngineFixture, type EngineFixture } from './test-support';

const N = 200;
let fake: FakeTwilio;
let fx: EngineFixture;
let clock: FakeClock;

beforeAll(async () => {
  fake = await FakeTwilio.start({ faults: { errorRate: 0.3, errorStatus: 503 }, seed: 7, recordRequests: false });
  clock = new FakeClock(Date.UTC(2026, 0, 15, 17, 0, 0));
  const twilio = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: '+15005550006', apiBaseUrl: fake.baseUrl, timeoutMs: 5_000 });
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  fx = makeEngineFixture({ clock, providers: { twilio }, routes: { sms: 'twilio' }, random, dispatcher: { concurrency: 8, probeIntervalMs: 5_000, offlineAfterFailures: 1_000 } });
});
afterAll(async () => {
  await fx.dispose();
  await fake.close();
});

describe('faults', () => {
  it('30% 5xx, 429 bursts and a 30 s outage: exactly once, no attempts while offline, bounded backoff', async () => {
    const phones: string[] = [];
    for (let i = 0; i < N; i++) {
      const phone = `+1212666${String(i).padStart(4, '0')}`;
      phones.push(phone);
      const p = addPatient(fx.db, { phone });
      fx.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `Clinic closed Friday (${i})`, dedupeKey: `broadcast:1:${p}` });
    }
    const attempts = () => allDeliveries(fx.db).reduce((n, d) => n + d.attempt_count, 0);
    const violations: string[] = [];
    let retriesSeen = 0;
    // Every retry's wait, measured from the attempt that failed (the engine clock does not move
    // during a pass, so the failure and the attempt start share one instant).
    const checkBackoff = () => {
      const rows = fx.db.$client
        .prepare(`select id, attempt_count, attempt_started_at, next_attempt_at from deliveries where reason_code = 'retry_wait'`)
        .all() as Array<{ id: number; attempt_count: number; attempt_started_at: number; next_attempt_at: number }>;
      for (const r of rows) {
        const { min, max } = backoffBounds(defaultBackoff, r.attempt_count);
        const wait = r.next_attempt_at - r.attempt_started_at;
        if (wait < min || wait > max) violations.push(`delivery ${r.id} attempt ${r.attempt_count}: waited ${wait} ms, bounds [${min}, ${max}]`);
      }
      retriesSeen += rows.length;
    };
    const step = async (ms: number) => {
      await fx.engine.runOnce();
      checkBackoff();
      clock.advance(ms);
    };

    // Phase 1: sending under 5xx with two 429 bursts.
    fake.burst429(15);
    for (let i = 0; i < 5; i++) await step(1_000);
    fake.burst429(15);
    for (let i = 0; i < 5; i++) await step(1_000);

    // Phase 2: a 30-second outage (engine time).
    await fake.startOutage('refuse');
    let offlineSeen = false;
    let attemptsWhenOffline = -1;
    const outageStart = clock.now();
    while (clock.now() - outageStart < 30_000) {
      await step(1_000);
      const status = fx.engine.status();
      if (!status.online) {
        if (!offlineSeen) {
          offlineSeen = true;
          attemptsWhenOffline = attempts();
          expect(status.summary).toMatch(/^offline, \d+ waiting$/);
        }
        expect(attempts()).toBe(attemptsWhenOffline);
      }
    }
    expect(offlineSeen).toBe(true);
    await fake.endOutage();

    // Phase 3: run until everything is final (retries move the clock to their due time).
    for (let i = 0; i < 2_000; i++) {
      await fx.engine.runOnce();
      checkBackoff();
      const open = fx.db.$client
        .prepare(`select count(*) n, min(next_attempt_at) t from deliveries where state in ('queued','held','sending') or (state = 'sent' and next_attempt_at is not null)`)
        .get() as { n: number; t: number | null };
      if (open.n === 0) break;
      clock.set(open.t !== null && open.t > clock.now() ? open.t : clock.now() + 1_000);
    }
    expect(fx.engine.status().online).toBe(true);

    const rows = allDeliveries(fx.db);
    expect(rows.filter((d) => d.state !== 'delivered')).toEqual([]);
    const perRecipient = new Map<string, number>();
    for (const a of fake.accepted) perRecipient.set(a.to, (perRecipient.get(a.to) ?? 0) + 1);
    expect(phones.filter((p) => perRecipient.get(p) !== 1)).toEqual([]);
    expect(fake.accepted).toHaveLength(N);
    expect(violations).toEqual([]);
    expect(retriesSeen).toBeGreaterThan(0);
    // The 5xx really happened: some deliveries needed more than one attempt.
    expect(rows.some((d) => d.attempt_count > 1)).toBe(true);
  });
});
