/**
 * Every number that sends is read: the numbers of the configured Messaging Service (listed with
 * the real SDK from the fake's /v1/Services/{sid}/PhoneNumbers) and the number WhatsApp actually
 * sends from (the SMS number when no WhatsApp number is set). One test per configuration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { defaultProviderSettings, SECRET_KEYS } from '../providers/provider-settings';

let h: Harness | null = null;
let fake: FakeTwilio | null = null;
afterEach(async () => {
  await h?.dispose();
  await fake?.close();
  h = null;
  fake = null;
});

const SERVICE = `MG${'ab'.repeat(16)}`;

async function setUp(twilio: { smsFrom: string; messagingServiceSid?: string; whatsappFrom?: string }) {
  delete process.env.TWILIO_REGION;
  delete process.env.TWILIO_EDGE;
  const harness = openHarness({ start: Date.UTC(2026, 5, 20, 15), clinic: { timeZone: 'America/New_York' } });
  h = harness;
  const f = await FakeTwilio.start({ now: () => new Date(harness.clock.now()) });
  fake = f;
  harness.secrets.set(SECRET_KEYS.twilioAuthToken, f.authToken);
  harness.engine.providerSettings.save({
    ...defaultProviderSettings,
    smsProvider: 'twilio',
    twilio: { ...defaultProviderSettings.twilio, accountSid: f.accountSid, apiBaseUrl: f.baseUrl, messagingServiceSid: '', whatsappFrom: '', ...twilio },
  });
  return { h: harness, fake: f };
}

const inbound = (x: Harness) =>
  x.sqlite.prepare(`select channel, address, body from messages where direction = 'inbound' order by id`).all() as Array<{ channel: string; address: string; body: string }>;

describe('reading every number that sends', () => {
  it('reads the phone numbers of the Messaging Service when there is no single From number', async () => {
    const { h, fake } = await setUp({ smsFrom: '', messagingServiceSid: SERVICE });
    fake.addServiceNumbers(SERVICE, ['+15005550010', '+15005550011']);
    h.addPatient({ firstName: 'Ana', phone: '+12125550701' });
    h.addPatient({ firstName: 'Ben', phone: '+12125550702' });
    fake.injectInbound({ from: '+12125550701', to: '+15005550010', body: 'STOP' });
    fake.injectInbound({ from: '+12125550702', to: '+15005550011', body: 'HELP' });
    fake.injectInbound({ from: '+12125550703', to: '+15005550099', body: 'not ours' });

    expect(await h.scheduler.twilioInbound.poll(h.clock.now())).toEqual({ listed: 2, received: 2 });
    await h.settle();
    expect(inbound(h).map((m) => m.body).sort()).toEqual(['HELP', 'STOP']);
    // The STOP from a service number suppressed the sender; HELP was answered.
    expect(h.sqlite.prepare(`select address from suppressions where lifted_at is null`).all()).toEqual([{ address: '+12125550701' }]);
    expect(h.sqlite.prepare(`select count(*) as n from messages where origin = 'auto_reply' and address = '+12125550702'`).get()).toEqual({ n: 1 });
    // The numbers were listed through the SDK from the messaging API.
    expect(fake.requests.some((r) => r.path.startsWith(`/v1/Services/${SERVICE}/PhoneNumbers`))).toBe(true);
  });

  it('reads WhatsApp replies to the SMS number when WhatsApp sends from it', async () => {
    const { h, fake } = await setUp({ smsFrom: '+15005550006' });
    h.addPatient({ firstName: 'Caro', phone: '+12125550704' });
    fake.injectInbound({ from: 'whatsapp:+12125550704', to: 'whatsapp:+15005550006', body: 'C' });
    fake.injectInbound({ from: '+12125550704', to: '+15005550006', body: 'See you' });
    expect(await h.scheduler.twilioInbound.poll(h.clock.now())).toEqual({ listed: 2, received: 2 });
    expect(inbound(h)).toEqual([
      { channel: 'sms', address: '+12125550704', body: 'See you' },
      { channel: 'whatsapp', address: '+12125550704', body: 'C' },
    ]);
  });

  it('reads the From number, the service numbers and the WhatsApp number together, each once', async () => {
    const { h, fake } = await setUp({ smsFrom: '+15005550006', messagingServiceSid: SERVICE, whatsappFrom: '+15005550008' });
    fake.addServiceNumbers(SERVICE, ['+15005550006', '+15005550012']);
    fake.injectInbound({ from: '+12125550705', to: '+15005550006', body: 'one' });
    fake.injectInbound({ from: '+12125550705', to: '+15005550012', body: 'two' });
    fake.injectInbound({ from: 'whatsapp:+12125550705', to: 'whatsapp:+15005550008', body: 'three' });
    expect(await h.scheduler.twilioInbound.poll(h.clock.now())).toEqual({ listed: 3, received: 3 });
    expect(inbound(h).map((m) => m.body)).toEqual(['one', 'two', 'three']);
    expect((await h.scheduler.twilioInbound.poll(h.clock.now())).received).toBe(0);
  });
});
