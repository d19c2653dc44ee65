/**
 * Error mapping through the real twilio SDK against the fake Twilio (providers.md §1.6):
 * 21211/21614 → contact point invalid + fallback; 21610 → suppressed + fallback; 30003 → retried;
 * 63016 on WhatsApp → the approved template, or fallback; an accepted-then-dropped create is
 * reconciled (found by listing), not sent twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import { addPatient, allDeliveries, drain, makeEngineFixture, type EngineFixture } from './test-support';

const NOON_NY = Date.UTC(2026, 0, 15, 17, 0, 0);
let fake: FakeTwilio;
let fx: EngineFixture | null = null;

beforeAll(async () => {
  fake = await FakeTwilio.start({ whatsappWindow: true });
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  fake.clearScripts();
  fake.setFaults({ acceptThenDropRate: 0, dropRate: 0, errorRate: 0 });
  await fx?.dispose();
  fx = null;
});

function setup(): EngineFixture {
  const twilio = createTwilioProvider({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    smsFrom: '+15005550006',
    whatsappFrom: '+15005550007',
    apiBaseUrl: fake.baseUrl,
  });
  fx = makeEngineFixture({
    clock: new FakeClock(NOON_NY),
    providers: { twilio },
    routes: { sms: 'twilio', whatsapp: 'twilio', voice: 'twilio', email: 'sandbox' },
  });
  return fx;
}

const contactStatus = (f: EngineFixture, value: string) =>
  (f.db.$client.prepare('select status from contact_points where value = ?').get(value) as { status: string }).status;
const acceptedTo = (to: string) => fake.accepted.filter((a) => a.to === to || a.to === `whatsapp:${to}`);

describe('permanent errors at create', () => {
  for (const code of [21211, 21614] as const) {
    it(`${code} marks the number invalid and falls back to email once`, async () => {
      const f = setup();
      const phone = `+1212555${code === 21211 ? '0201' : '0202'}`;
      fake.script(phone, { createError: code });
      const p = addPatient(f.db, { phone, email: `fb${code}@example.com` });
      f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'See you tomorrow' });
      await drain(f);
      const rows = allDeliveries(f.db);
      expect(rows.map((d) => [d.channel, d.state, d.reason_code, d.error_code])).toEqual([
        ['sms', 'failed', 'invalid_number', String(code)],
        ['email', 'delivered', null, null],
      ]);
      expect(contactStatus(f, phone)).toBe('invalid');
      expect(acceptedTo(phone)).toHaveLength(0);
    });
  }

  it('21610 suppresses the number (provider_opt_out) and falls back; later sends are refused before any request', async () => {
    const f = setup();
    const phone = '+12125550203';
    fake.script(phone, { createError: 21610 });
    const p = addPatient(f.db, { phone, email: 'optout@example.com' });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'x' });
    await drain(f);
    const sup = f.db.$client.prepare('select channel, address, reason from suppressions').all();
    expect(sup).toEqual([{ channel: 'sms', address: phone, reason: 'provider_opt_out' }]);
    expect(allDeliveries(f.db).map((d) => [d.channel, d.state])).toEqual([
      ['sms', 'failed'],
      ['email', 'delivered'],
    ]);
    const again = f.engine.queue({ to: { patientId: p }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'y' });
    expect(again).toMatchObject({ status: 'refused', reason: 'suppressed' });
  });
});

describe('asynchronous outcomes (status polling)', () => {
  it('30003 (handset unreachable) is retried and then delivered; price and segments are recorded', async () => {
    const f = setup();
    const phone = '+12125550204';
    fake.script(phone, { finalStatus: 'undelivered', errorCode: 30003, times: 1 });
    const p = addPatient(f.db, { phone });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'Reminder: tomorrow 10am' });
    await drain(f);
    const [d] = allDeliveries(f.db);
    expect(d?.state).toBe('delivered');
    expect(d?.attempt_count).toBe(2);
    expect(acceptedTo(phone)).toHaveLength(2);
    const money = f.db.$client.prepare('select price, segments from deliveries').get() as { price: number; segments: number };
    expect(money.segments).toBe(1);
    expect(money.price).not.toBeNull();
  });

  it('63016 on WhatsApp is resent with the approved template (ContentSid)', async () => {
    const f = setup();
    const phone = '+12125550205';
    const p = addPatient(f.db, { phone, channelOrder: ['whatsapp'] });
    const now = f.clock.now();
    f.db.$client
      .prepare(`insert into templates (name, category, purpose, fallback_language, created_at, updated_at) values ('wa', 'reminder', 'transactional', 'en', ?, ?)`)
      .run(now, now);
    const content = { en: { whatsapp: { contentSid: 'HX' + 'a'.repeat(32), variables: { '1': 'Pat' }, body: 'Hi {{ patient.firstName }}' } } };
    f.db.$client.prepare(`insert into template_versions (template_id, version, content, created_at) values (1, 1, ?, ?)`).run(JSON.stringify(content), now);
    f.db.$client.prepare('update templates set current_version_id = 1 where id = 1').run();
    // Our side thinks the window is open (a reply we saw), Twilio does not: the free-form body fails 63016.
    f.engine.receiveInbound({ channel: 'whatsapp', address: phone, body: 'hi' });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', templateId: 1 });
    await drain(f);
    const [d] = allDeliveries(f.db);
    expect(d?.state).toBe('delivered');
    const sent = acceptedTo(phone);
    expect(sent.map((a) => a.contentSid)).toEqual([null, 'HX' + 'a'.repeat(32)]);
  });

  it('63016 without an approved template falls back to the next channel', async () => {
    const f = setup();
    const phone = '+12125550206';
    const p = addPatient(f.db, { phone, email: 'wa@example.com', channelOrder: ['whatsapp', 'email'] });
    f.engine.receiveInbound({ channel: 'whatsapp', address: phone, body: 'hi' });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'free form' });
    await drain(f);
    expect(allDeliveries(f.db).map((d) => [d.channel, d.state, d.reason_code])).toEqual([
      ['whatsapp', 'failed', 'whatsapp_window'],
      ['email', 'delivered', null],
    ]);
  });

  it('outside the window with no template the engine does not even try the free-form body', async () => {
    const f = setup();
    const phone = '+12125550207';
    const p = addPatient(f.db, { phone, email: 'wa2@example.com', channelOrder: ['whatsapp', 'email'] });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'free form' });
    await drain(f);
    expect(allDeliveries(f.db).map((d) => [d.channel, d.state])).toEqual([
      ['whatsapp', 'failed'],
      ['email', 'delivered'],
    ]);
    expect(acceptedTo(phone)).toHaveLength(0);
  });
});

describe('ambiguous failures are reconciled, not resent', () => {
  it('a create that Twilio stored but whose answer was lost is found by listing and marked sent with that sid', async () => {
    const f = setup();
    const phone = '+12125550208';
    const p = addPatient(f.db, { phone });
    fake.setFaults({ acceptThenDropRate: 1 });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'only once please' });
    await f.engine.runOnce();
    fake.setFaults({ acceptThenDropRate: 0 });
    expect(allDeliveries(f.db)[0]?.state).toBe('sending');
    await drain(f, { stepMs: 10_000 });
    const [d] = allDeliveries(f.db);
    expect(d?.state).toBe('delivered');
    expect(acceptedTo(phone)).toHaveLength(1);
    expect(d?.provider_id).toBe(acceptedTo(phone)[0]?.sid);
  });

  it('a dropped connection where nothing was stored is sent again after the lookup finds nothing', async () => {
    const f = setup();
    const phone = '+12125550209';
    const p = addPatient(f.db, { phone });
    fake.dropNext(1);
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'dropped' });
    await drain(f, { stepMs: 10_000 });
    expect(allDeliveries(f.db)[0]?.state).toBe('delivered');
    expect(acceptedTo(phone)).toHaveLength(1);
  });

  it('voice: a call that says the script twice', async () => {
    const f = setup();
    const phone = '+12125550210';
    const p = addPatient(f.db, { phone, channelOrder: ['voice'] });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'Your visit is at 10 & bring <ID>' });
    await drain(f);
    const call = fake.accepted.find((a) => a.kind === 'call' && a.to === phone);
    expect(call?.twiml).toBe(
      '<Response><Say>Your visit is at 10 &amp; bring &lt;ID&gt;</Say><Pause length="1"/><Say>Your visit is at 10 &amp; bring &lt;ID&gt;</Say></Response>',
    );
    expect(allDeliveries(f.db)[0]?.state).toBe('delivered');
  });
});

describe('backing off', () => {
  it('429 with Retry-After: the retry waits at least that long; a Messaging Service "0" segments answer keeps our count', async () => {
    const f = setup();
    const phone = '+12125550211';
    const p = addPatient(f.db, { phone });
    f.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'rate limited' });
    fake.setRetryAfter(600);
    fake.burst429(1);
    try {
      await f.engine.runOnce();
    } finally {
      fake.setRetryAfter(null);
    }
    const [d] = allDeliveries(f.db);
    expect(d?.reason_code).toBe('retry_wait');
    expect((d?.next_attempt_at ?? 0) - f.clock.now()).toBeGreaterThanOrEqual(600_000);
    await drain(f);
    expect(acceptedTo(phone)).toHaveLength(1);
  });

  it('a Messaging Service send answers accepted with "0" segments: the delivery keeps its own segment count', async () => {
    const twilio = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: '', messagingServiceSid: 'MG' + 'a'.repeat(32), apiBaseUrl: fake.baseUrl });
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY), providers: { twilio }, routes: { sms: 'twilio' } });
    const phone = '+12125550212';
    const p = addPatient(fx.db, { phone });
    fx.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'via a service' });
    await fx.engine.runOnce();
    const [d] = allDeliveries(fx.db);
    const row = fx.db.$client.prepare('select state, provider_status, segments from deliveries where id = ?').get(d?.id) as { state: string; provider_status: string; segments: number };
    expect(row).toEqual({ state: 'sent', provider_status: 'accepted', segments: 1 });
    await drain(fx);
    expect(allDeliveries(fx.db)[0]?.state).toBe('delivered');
  });
});
