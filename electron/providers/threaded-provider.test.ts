/**
 * The Twilio provider on its own thread, against the fake Twilio through the real SDK: it answers
 * what the in-thread provider answers (the same Accepted, the same classified errors with their
 * codes and Retry-After), a call in flight when the thread dies is ambiguous (so the engine checks
 * before resending) and the next call starts a new thread, and the engine driving it sends each
 * message exactly once.
 */
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { addPatient, allDeliveries, drain, makeEngineFixture, type EngineFixture } from '../engine/test-support';
import { createThreadedTwilioProvider } from './threaded-provider';
import { createTwilioProvider, type TwilioConfig } from './twilio-provider';
import { ProviderError, type Provider } from './provider-types';

const FROM = '+15005550006';
let fake: FakeTwilio;
const open: Provider[] = [];
let fx: EngineFixture | null = null;

beforeAll(async () => {
  fake = await FakeTwilio.start();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  fake.clearScripts();
  fake.setFaults({ latencyMs: 0 });
  fake.setRetryAfter(null);
  await fx?.dispose();
  fx = null;
  await Promise.all(open.splice(0).map((p) => p.close()));
});

const config = (): TwilioConfig => ({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: FROM, apiBaseUrl: fake.baseUrl, timeoutMs: 5_000 });

function threaded(hooks: Parameters<typeof createThreadedTwilioProvider>[1] = {}): Provider {
  const p = createThreadedTwilioProvider(config(), hooks);
  open.push(p);
  return p;
}

const sms = (to: string, body = 'Your appointment is tomorrow at 10') => ({ deliveryId: 1, channel: 'sms' as const, to, body });
const rejection = async (promise: Promise<unknown>): Promise<ProviderError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
};

describe('answers as the in-thread provider does', () => {
  it('an accepted SMS, its status and its lookup', async () => {
    const p = threaded();
    const direct = createTwilioProvider(config());
    const a = await p.send(sms('+12125550301'));
    const b = await direct.send(sms('+12125550302'));
    expect({ ...a, providerId: 'x' }).toEqual({ ...b, providerId: 'x' });
    expect(a.providerId).toMatch(/^SM/);
    expect(fake.accepted.filter((r) => r.sid === a.providerId)).toHaveLength(1);
    const status = await p.fetchStatus!(a.providerId, 'sms');
    expect(status).toEqual(await direct.fetchStatus!(a.providerId, 'sms'));
    const attempt = { channel: 'sms' as const, to: '+12125550301', sender: FROM, body: 'Your appointment is tomorrow at 10', contentSid: null, startedAt: Date.now() - 1_000 };
    expect((await p.findAccepted!(attempt, new Set()))?.providerId).toBe(a.providerId);
    expect(await p.findAccepted!(attempt, new Set([a.providerId]))).toBeNull();
    await p.probe();
    expect(p.senderFor('whatsapp')).toBe(direct.senderFor('whatsapp'));
  });

  it('errors keep their kind, code and Retry-After', async () => {
    const p = threaded();
    fake.script('+12125550310', { createError: 21610 });
    expect(await rejection(p.send(sms('+12125550310')))).toMatchObject({ kind: 'permanent', code: '21610' });
    fake.setRetryAfter(7);
    fake.burst429(1);
    expect(await rejection(p.send(sms('+12125550311')))).toMatchObject({ kind: 'transient', code: '20429', options: { retryAfterMs: 7_000 } });
    const token = fake.authToken;
    fake.setAuthToken('rotated');
    try {
      expect(await rejection(p.send(sms('+12125550312')))).toMatchObject({ kind: 'auth', code: '20003' });
    } finally {
      fake.setAuthToken(token);
    }
    expect(fake.accepted.filter((r) => ['+12125550310', '+12125550311', '+12125550312'].includes(r.to))).toHaveLength(0);
  });
});

describe('the thread', () => {
  it('dying mid-call makes the call ambiguous; the next call starts a new thread', async () => {
    const threads: Worker[] = [];
    const p = threaded({ onThreadStarted: (w) => threads.push(w) });
    await p.send(sms('+12125550320'));
    fake.setFaults({ latencyMs: 2_000 });
    const inFlight = p.send(sms('+12125550321'));
    await new Promise((r) => setTimeout(r, 300));
    await threads[0]!.terminate();
    expect(await rejection(inFlight)).toMatchObject({ kind: 'network', code: 'EPROVIDERTHREAD', options: { ambiguous: true } });
    fake.setFaults({ latencyMs: 0 });
    expect((await p.send(sms('+12125550322'))).providerId).toMatch(/^SM/);
    expect(threads).toHaveLength(2);
  });

  it('a closed provider refuses calls without starting a thread', async () => {
    const threads: Worker[] = [];
    const p = threaded({ onThreadStarted: (w) => threads.push(w) });
    await p.close();
    expect(await rejection(p.send(sms('+12125550330')))).toMatchObject({ kind: 'network' });
    expect(threads).toHaveLength(0);
  });
});

describe('the engine through the threaded provider', () => {
  it('sends each message exactly once; an opt-out falls back, a 30003 is retried', async () => {
    fx = makeEngineFixture({
      clock: new FakeClock(Date.UTC(2026, 0, 15, 17, 0, 0)),
      providers: { twilio: threaded() },
      routes: { sms: 'twilio', email: 'sandbox' },
    });
    const phones = Array.from({ length: 40 }, (_, i) => `+1212555${String(1000 + i)}`);
    fake.script(phones[0]!, { createError: 21610 });
    fake.script(phones[1]!, { finalStatus: 'undelivered', errorCode: 30003, times: 1 });
    for (const [i, phone] of phones.entries()) {
      const patientId = addPatient(fx.db, { phone, email: `t${i}@example.com` });
      fx.engine.queue({ to: { patientId }, origin: 'reminder', purpose: 'transactional', body: `Reminder ${i}` });
    }
    await drain(fx);
    const rows = allDeliveries(fx.db);
    expect(rows.filter((d) => d.channel === 'sms' && d.state === 'delivered')).toHaveLength(39);
    expect(rows.find((d) => d.address === phones[0])).toMatchObject({ state: 'failed', error_code: '21610' });
    expect(rows.find((d) => d.channel === 'email')).toMatchObject({ state: 'delivered', address: 't0@example.com' });
    const copies = (to: string) => fake.accepted.filter((r) => r.to === to).length;
    expect(copies(phones[1]!)).toBe(2);
    for (const phone of phones.slice(2)) expect(copies(phone)).toBe(1);
  });
});
