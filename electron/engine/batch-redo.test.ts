/**
 * Batches are written without a savepoint per row (group-commit.ts, sending.ts): only when a row
 * throws is the transaction rolled back and redone row by row. These faults throw every time (the
 * property test's fire once), so the careful redo itself must isolate them: the bad rows retry
 * or are checked with the provider, every other row of their batch is marked, posted and recorded
 * exactly once, both when the answers are committed on their own and when they ride in the next
 * batch's transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import type { FaultStage } from './dispatcher-config';
import { addPatient, allDeliveries, makeEngineFixture } from './test-support';

const NOON_NY = Date.UTC(2026, 0, 15, 17, 0, 0);
const FROM = '+15005550006';
let fake: FakeTwilio;

beforeAll(async () => {
  fake = await FakeTwilio.start({ recordRequests: false });
});
afterAll(async () => {
  await fake.close();
});

async function runWithStickyFaults(concurrency: number, n: number, faults: Map<number, FaultStage>, prefix: string) {
  const twilio = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: FROM, apiBaseUrl: fake.baseUrl });
  const fx = makeEngineFixture({
    clock: new FakeClock(NOON_NY),
    providers: { twilio },
    routes: { sms: 'twilio' },
    dispatcher: { concurrency, senderRates: { [FROM]: Infinity }, pollIntervalMs: 24 * 3_600_000 },
    faultHook: (stage, deliveryId) => {
      if (faults.get(deliveryId) === stage) throw new Error(`sticky fault at ${stage}`);
    },
  });
  const phones = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
  for (const phone of phones) {
    const p = addPatient(fx.db, { phone, channelOrder: ['sms'] });
    fx.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `Batch ${phone}` });
  }
  await fx.engine.runOnce();
  const rows = allDeliveries(fx.db);
  const attempts = fx.db.$client.prepare('select delivery_id, outcome, provider_id from delivery_attempts order by delivery_id').all() as Array<{
    delivery_id: number;
    outcome: string | null;
    provider_id: string | null;
  }>;
  await fx.dispose();
  const sends = (phone: string) => fake.accepted.filter((a) => a.to === phone);
  return { rows, attempts, phones, sends };
}

describe('a batch with a row that throws every time', () => {
  it('answers committed on their own: the bad answer is checked with the provider, the rest are recorded sent once', async () => {
    const { rows, attempts, phones, sends } = await runWithStickyFaults(10, 6, new Map<number, FaultStage>([[3, 'write'], [5, 'rules']]), '+1718555');
    for (const r of rows) {
      const phone = phones[r.id - 1] as string;
      if (r.id === 3) {
        // Posted once; recording its answer keeps failing, so it waits to be checked with the provider.
        expect(sends(phone)).toHaveLength(1);
        expect({ state: r.state, reason: r.reason_code }).toEqual({ state: 'sending', reason: 'checking_provider' });
      } else if (r.id === 5) {
        // Never posted: it retries later with a reason, no attempt spent or recorded.
        expect(sends(phone)).toHaveLength(0);
        expect({ state: r.state, reason: r.reason_code, attempts: r.attempt_count }).toEqual({ state: 'queued', reason: 'engine_error', attempts: 0 });
      } else {
        expect(sends(phone)).toHaveLength(1);
        expect({ state: r.state, sid: r.provider_id }).toEqual({ state: 'sent', sid: sends(phone)[0]?.sid });
      }
    }
    expect(attempts.filter((a) => a.outcome === 'accepted').map((a) => a.delivery_id)).toEqual([1, 2, 4, 6]);
    expect(attempts.some((a) => a.delivery_id === 5)).toBe(false);
  });

  it('answers riding in the next batch: a bad answer does not undo that batch, nor a bad row the answers', async () => {
    // Concurrency 2: three rows marked at a time, so most answers are written in a later batch's transaction.
    const faults = new Map<number, FaultStage>([[2, 'write'], [6, 'rules'], [7, 'write']]);
    const { rows, attempts, phones, sends } = await runWithStickyFaults(2, 10, faults, '+1718556');
    for (const r of rows) {
      const phone = phones[r.id - 1] as string;
      const fault = faults.get(r.id);
      if (fault === 'write') {
        expect(sends(phone)).toHaveLength(1);
        expect({ id: r.id, state: r.state, reason: r.reason_code }).toEqual({ id: r.id, state: 'sending', reason: 'checking_provider' });
      } else if (fault === 'rules') {
        expect(sends(phone)).toHaveLength(0);
        expect({ id: r.id, state: r.state, reason: r.reason_code }).toEqual({ id: r.id, state: 'queued', reason: 'engine_error' });
      } else {
        expect(sends(phone)).toHaveLength(1);
        expect({ id: r.id, state: r.state, sid: r.provider_id }).toEqual({ id: r.id, state: 'sent', sid: sends(phone)[0]?.sid });
      }
    }
    expect(attempts.filter((a) => a.outcome === 'accepted').map((a) => a.delivery_id)).toEqual([1, 3, 4, 5, 8, 9, 10]);
  });
});
