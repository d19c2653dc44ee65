/**
 * The fake's Twilio behaviours, through the real SDK: list lag, the trial-account prefix,
 * Messaging Service `accepted` with "0" segments, the Calls list and its StartTime filter,
 * 401 after a token rotation, Retry-After on 429. README.md says where each is documented.
 */
import { afterEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { FakeTwilio, TRIAL_PREFIX, type FakeTwilioOptions } from './fake-twilio';

let fake: FakeTwilio | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

let now = Date.UTC(2026, 0, 15, 17, 0, 0);
async function start(options: FakeTwilioOptions = {}) {
  now = Date.UTC(2026, 0, 15, 17, 0, 0);
  fake = await FakeTwilio.start({ now: () => new Date(now), ...options });
  const client = twilio(fake.accountSid, fake.authToken, { autoRetry: false });
  client.api.baseUrl = fake.baseUrl;
  return { fake, client };
}

describe('fake Twilio modes', () => {
  it('list lag: a created message is fetchable at once but listed only after the lag', async () => {
    const { client } = await start({ listLagMs: 120_000 });
    const m = await client.messages.create({ to: '+12125550101', from: '+15005550006', body: 'hi' });
    expect((await client.messages(m.sid).fetch()).sid).toBe(m.sid);
    expect(await client.messages.list({ to: '+12125550101' })).toHaveLength(0);
    now += 121_000;
    expect((await client.messages.list({ to: '+12125550101' })).map((x) => x.sid)).toEqual([m.sid]);
  });

  it('trial account: the body is stored and listed with the trial prefix', async () => {
    const { client } = await start({ trialAccount: true });
    const m = await client.messages.create({ to: '+12125550102', from: '+15005550006', body: 'See you at 10' });
    expect(m.body).toBe(`${TRIAL_PREFIX}See you at 10`);
    expect((await client.messages.list({ to: '+12125550102' }))[0]?.body).toBe(`${TRIAL_PREFIX}See you at 10`);
  });

  it('Messaging Service: the create answers accepted, "0" segments and no From', async () => {
    const { client } = await start({ progression: { mode: 'manual' } });
    const m = await client.messages.create({ to: '+12125550103', messagingServiceSid: 'MG' + 'b'.repeat(32), body: 'hello' });
    expect([m.status, m.numSegments, m.from]).toEqual(['accepted', '0', null]);
    fake!.advanceStatuses(1);
    const later = await client.messages(m.sid).fetch();
    expect([later.status, later.numSegments, later.from]).toEqual(['queued', '1', '+15005550006']);
  });

  it('Calls list: To filter, and StartTime> misses a call not yet dialled (empty start_time) until it is', async () => {
    const { client } = await start({ progression: { mode: 'manual' } });
    const call = await client.calls.create({ to: '+12125550104', from: '+15005550006', twiml: '<Response><Say>x</Say></Response>' });
    await client.calls.create({ to: '+12125550199', from: '+15005550006', twiml: '<Response><Say>y</Say></Response>' });
    const day = new Date(Date.UTC(2026, 0, 15));
    expect((await client.calls.list({ to: '+12125550104' })).map((c) => [c.sid, c.startTime])).toEqual([[call.sid, null]]);
    expect(await client.calls.list({ to: '+12125550104', startTimeAfter: day })).toHaveLength(0);
    fake!.advanceStatuses(2); // ringing, in-progress: now dialled
    const dialled = await client.calls.list({ to: '+12125550104', startTimeAfter: day });
    expect(dialled.map((c) => c.sid)).toEqual([call.sid]);
    expect(dialled[0]?.startTime).toBeInstanceOf(Date);
  });

  it('401 / 20003 once the auth token is rotated', async () => {
    const { client } = await start();
    fake!.setAuthToken('rotated');
    await expect(client.messages.create({ to: '+12125550105', from: '+15005550006', body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('Retry-After on 429 when configured', async () => {
    const { fake: f } = await start({ retryAfterSeconds: 30 });
    f.burst429(1);
    const res = await fetch(`${f.baseUrl}/2010-04-01/Accounts/${f.accountSid}/Messages.json`, {
      headers: { authorization: 'Basic ' + Buffer.from(`${f.accountSid}:${f.authToken}`).toString('base64') },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ code: 20429, status: 429 });
  });
});
