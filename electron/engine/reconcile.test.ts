/**
 * Reconciliation against the fake's Twilio behaviours (the real SDK, real SQLite): a message
 * missing from the list for minutes is found by a later lookup instead of being sent twice; a
 * trial-account body still matches; two identical bodies to one family phone each claim their
 * own sid; a voice call left in `sending` by a crash is found through the Calls list while still
 * queued; a 401 pauses the provider without spending attempts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import { addPatient, allDeliveries, drain, makeEngineFixture, type EngineFixture } from './test-support';

const START = Date.UTC(2026, 0, 15, 17, 0, 0);
const FROM = '+15005550006';
let fake: FakeTwilio | null = null;
let fx: EngineFixture | null = null;
afterEach(async () => {
  await fx?.dispose();
  await fake?.close();
  fx = null;
  fake = null;
});

async function setUp(options: { listLagMs?: number; trialAccount?: boolean; progression?: 'manual' } = {}): Promise<{ fx: EngineFixture; fake: FakeTwilio; clock: FakeClock }> {
  const clock = new FakeClock(START);
  const f = await FakeTwilio.start({ now: () => new Date(clock.now()), listLagMs: options.listLagMs, trialAccount: options.trialAccount, progression: options.progression ? { mode: 'manual' } : undefined });
  const provider = createTwilioProvider({ accountSid: f.accountSid, authToken: f.authToken, smsFrom: FROM, voiceFrom: FROM, apiBaseUrl: f.baseUrl, timeoutMs: 5_000 });
  const e = makeEngineFixture({ clock, providers: { twilio: provider }, routes: { sms: 'twilio', voice: 'twilio' }, dispatcher: { senderRates: { [FROM]: Infinity } } });
  fake = f;
  fx = e;
  return { fx: e, fake: f, clock };
}

const attempts = (e: EngineFixture) =>
  e.db.$client.prepare('select delivery_id, attempt_no, body, sender, provider_id, outcome, lookups from delivery_attempts order by delivery_id, attempt_no').all() as Array<{
    delivery_id: number;
    attempt_no: number;
    body: string | null;
    sender: string | null;
    provider_id: string | null;
    outcome: string | null;
    lookups: number;
  }>;

describe('reconciliation', () => {
  it('list lag: an answer lost after Twilio stored the message is found minutes later, not sent again', async () => {
    const { fx, fake, clock } = await setUp({ listLagMs: 5 * 60_000 });
    const p = addPatient(fx.db, { phone: '+12125550301' });
    fx.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', body: 'Your results are ready to collect' });
    fake.setFaults({ acceptThenDropRate: 1 });
    await fx.engine.runOnce();
    fake.setFaults({ acceptThenDropRate: 0 });
    expect(fake.accepted).toHaveLength(1);
    const checking = allDeliveries(fx.db)[0];
    expect([checking?.state, checking?.reason_code]).toEqual(['sending', 'checking_provider']);
    // Lookups while the list lags find nothing; the row is not sent again meanwhile.
    for (let i = 0; i < 4 && clock.now() - START < 4 * 60_000; i++) {
      clock.set(Math.max(clock.now() + 1, allDeliveries(fx.db)[0]?.next_attempt_at ?? 0));
      await fx.engine.runOnce();
      expect(allDeliveries(fx.db)[0]?.state).toBe('sending');
    }
    await drain(fx);
    expect(fake.accepted).toHaveLength(1);
    const row = allDeliveries(fx.db)[0];
    expect(row?.state).toBe('delivered');
    expect(row?.provider_id).toBe(fake.accepted[0]?.sid);
    const [attempt] = attempts(fx);
    expect(attempt).toMatchObject({ attempt_no: 1, body: 'Your results are ready to collect', sender: FROM, provider_id: fake.accepted[0]?.sid, outcome: 'accepted' });
    expect(attempt?.lookups).toBeGreaterThanOrEqual(2);
  });

  it('trial account: the stored body has the trial prefix and still matches what was sent', async () => {
    const { fx, fake } = await setUp({ trialAccount: true });
    const p = addPatient(fx.db, { phone: '+12125550302' });
    fx.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', body: 'See you  at 10:00\ntomorrow' });
    fake.setFaults({ acceptThenErrorRate: 1 });
    await fx.engine.runOnce();
    fake.setFaults({ acceptThenErrorRate: 0 });
    await drain(fx);
    expect(fake.accepted).toHaveLength(1);
    expect(fake.messageJson(fake.accepted[0]!.sid)?.body).toBe('Sent from your Twilio trial account - See you  at 10:00\ntomorrow');
    expect(allDeliveries(fx.db).map((d) => [d.state, d.provider_id])).toEqual([['delivered', fake.accepted[0]?.sid]]);
  });

  it('a family phone with identical bodies: each ambiguous delivery claims its own sid, none is resent', async () => {
    const { fx, fake } = await setUp();
    const phone = '+12125550303';
    const kids = [addPatient(fx.db, { phone, firstName: 'Ada' }), addPatient(fx.db, { phone, firstName: 'Bo' })];
    for (const k of kids) fx.engine.queue({ to: { patientId: k }, origin: 'broadcast', purpose: 'transactional', body: 'The clinic is closed on Friday' });
    fake.setFaults({ acceptThenDropRate: 1 });
    await fx.engine.runOnce();
    fake.setFaults({ acceptThenDropRate: 0 });
    expect(fake.accepted).toHaveLength(2);
    await drain(fx);
    expect(fake.accepted).toHaveLength(2);
    const rows = allDeliveries(fx.db);
    expect(rows.map((r) => r.state)).toEqual(['delivered', 'delivered']);
    expect(new Set(rows.map((r) => r.provider_id))).toEqual(new Set(fake.accepted.map((a) => a.sid)));
  });

  it('a lookup that finds nothing by the end of the grace window sends again, once', async () => {
    const { fx, fake } = await setUp();
    const p = addPatient(fx.db, { phone: '+12125550304' });
    fx.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', body: 'Nothing stored' });
    fake.setFaults({ errorRate: 1, errorStatus: 503 });
    await fx.engine.runOnce();
    fake.setFaults({ errorRate: 0 });
    expect(allDeliveries(fx.db)[0]?.reason_code).toBe('checking_provider');
    await drain(fx);
    expect(fake.accepted).toHaveLength(1);
    const rows = attempts(fx);
    expect(rows.map((a) => a.outcome)).toEqual(['not_found', 'accepted']);
    // The engine waited out the whole window (20 minutes) before the second attempt.
    const second = fx.db.$client.prepare('select started_at from delivery_attempts where attempt_no = 2').get() as { started_at: number };
    expect(second.started_at - START).toBeGreaterThanOrEqual(20 * 60_000);
  });

  it('voice: a call left in sending by a crash is found in the Calls list while still queued, so there is exactly one call', async () => {
    const { fx, fake, clock } = await setUp({ progression: 'manual' });
    const p = addPatient(fx.db, { phone: '+12125550305', channelOrder: ['voice'] });
    const q = fx.engine.queue({ to: { patientId: p }, channel: 'voice', origin: 'reminder', purpose: 'transactional', body: 'Your appointment is tomorrow at ten' });
    expect(q.status).toBe('queued');
    // The state a SIGKILL after the POST leaves behind: the row and its attempt committed as
    // `sending`, Twilio holding a queued call, no answer recorded.
    const db = fx.db.$client;
    db.prepare(`update deliveries set state = 'sending', attempt_count = 1, attempt_started_at = ?, sender = ? where id = 1`).run(clock.now(), FROM);
    db.prepare(
      `insert into delivery_attempts (delivery_id, attempt_no, started_at, provider, channel, to_address, sender, body) values (1, 1, ?, 'twilio', 'voice', '+12125550305', ?, 'Your appointment is tomorrow at ten')`,
    ).run(clock.now(), FROM);
    const sdk = twilio(fake.accountSid, fake.authToken);
    sdk.api.baseUrl = fake.baseUrl;
    await sdk.calls.create({ to: '+12125550305', from: FROM, twiml: '<Response><Say>x</Say></Response>' });
    clock.advance(2_000);
    await drain(fx, { onPass: () => fake.advanceStatuses(1) });
    expect(fake.accepted.filter((a) => a.kind === 'call')).toHaveLength(1);
    const row = allDeliveries(fx.db)[0];
    expect(row?.provider_id).toBe(fake.accepted[0]?.sid);
    expect(row?.state).toBe('delivered');
  });

  it('401: the provider is paused with "the credentials were rejected", no attempt is spent, and new credentials resume it', async () => {
    const clock = new FakeClock(START);
    const f = await FakeTwilio.start({ now: () => new Date(clock.now()) });
    fake = f;
    const e = makeEngineFixture({ clock, routes: { sms: 'twilio' } });
    fx = e;
    e.engine.providerSettings.update({ smsProvider: 'twilio', twilio: { accountSid: f.accountSid, authToken: 'an-old-token', smsFrom: FROM, apiBaseUrl: f.baseUrl } as never });
    for (let i = 0; i < 3; i++) {
      const p = addPatient(e.db, { phone: `+1212555031${i}` });
      e.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', body: `Hello ${i}` });
    }
    for (let i = 0; i < 5; i++) {
      await e.engine.runOnce();
      clock.advance(10_000);
    }
    const status = e.engine.status();
    expect(status.online).toBe(false);
    expect(status.pausedProviders).toEqual([{ provider: 'twilio', reason: 'credentials_rejected' }]);
    expect(status.summary).toMatch(/^paused: the credentials were rejected \(twilio\), 3 waiting$/);
    const rows = allDeliveries(e.db);
    // The sender is paced at 1 segment/s: the first row met the 401, the others were never tried.
    expect(rows.map((r) => [r.state, r.attempt_count])).toEqual(Array(3).fill(['queued', 0]));
    expect(rows[0]?.reason_code).toBe('credentials_rejected');
    // Only the first call went out: a paused provider is not asked again.
    expect(f.requests.filter((r) => r.outcome === 401)).toHaveLength(1);
    e.engine.providerSettings.update({ twilio: { authToken: f.authToken } as never });
    await drain(e);
    expect(allDeliveries(e.db).map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(e.engine.status().online).toBe(true);
  });
});
