/**
 * The dispatcher sleeps when nothing can go: with work due but blocked (a sender out of tokens,
 * a provider offline) it runs a handful of passes, not one per turn of the event loop. The engine
 * clock is a FakeClock that does not move, so a correct loop sleeps until the next token or probe
 * (a second away) and runs only the passes that sent something.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import { addPatient, allDeliveries, makeEngineFixture, type EngineFixture } from './test-support';

let fx: EngineFixture | null = null;
let fake: FakeTwilio | null = null;
afterEach(async () => {
  await fx?.dispose();
  await fake?.close();
  fx = null;
  fake = null;
});

const FROM = '+15005550006';
const realWait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setUp(rate: number): Promise<EngineFixture> {
  fake = await FakeTwilio.start({ recordRequests: false });
  const twilio = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: FROM, apiBaseUrl: fake.baseUrl, timeoutMs: 2_000 });
  const f = makeEngineFixture({
    clock: new FakeClock(Date.UTC(2026, 0, 15, 17, 0, 0)),
    providers: { twilio },
    routes: { sms: 'twilio' },
    dispatcher: { senderRates: { [FROM]: rate }, probeIntervalMs: 5_000, idleWaitMs: 60_000 },
  });
  for (let i = 0; i < 50; i++) {
    const p = addPatient(f.db, { phone: `+1212777${String(i).padStart(4, '0')}` });
    f.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `Waiting ${i}`, dedupeKey: `w:${p}` });
  }
  return f;
}

describe('sleeping when nothing can go', () => {
  it('a sender out of tokens: the loop sleeps until its next token instead of spinning', async () => {
    fx = await setUp(1);
    await fx.engine.start();
    await realWait(400);
    // The clock does not move: one token's worth went, the rest waits for the next token.
    expect(allDeliveries(fx.db).filter((d) => d.state === 'sent')).toHaveLength(1);
    expect(fx.engine.dispatcher.passCount).toBeLessThan(10);
  });

  it('a provider offline with work waiting: the loop sleeps until the next probe', async () => {
    fx = await setUp(Infinity);
    await fake!.startOutage('refuse');
    await fx.engine.start();
    await realWait(400);
    expect(fx.engine.status().online).toBe(false);
    expect(allDeliveries(fx.db).every((d) => d.attempt_count === 0 && d.state === 'queued')).toBe(true);
    expect(fx.engine.dispatcher.passCount).toBeLessThan(10);
    // The probe time comes: the provider answers again and everything goes.
    await fake!.endOutage();
    (fx.clock as FakeClock).advance(5_000);
    fx.engine.dispatcher.wake();
    for (let i = 0; i < 100 && allDeliveries(fx.db).some((d) => d.state !== 'sent'); i++) await realWait(20);
    expect(allDeliveries(fx.db).filter((d) => d.state === 'sent')).toHaveLength(50);
  });
});
