/**
 * The sending pipeline (README "Commits and durability"): rows are committed `sending` ahead of
 * the free slots. A row marked ahead whose call never started must not be left in `sending` by a
 * stop, and must not be posted after its address was suppressed. Real twilio SDK against the
 * fake Twilio, which answers slowly so that rows wait for a slot.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import { addPatient, addSuppressionRow, allDeliveries, makeEngineFixture, type EngineFixture } from './test-support';

const NOON_NY = Date.UTC(2026, 0, 15, 17, 0, 0);
let fake: FakeTwilio;
let fx: EngineFixture | null = null;

beforeAll(async () => {
  fake = await FakeTwilio.start();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  fake.setFaults({ latencyMs: 0 });
  await fx?.dispose();
  fx = null;
});

function setup(concurrency: number): EngineFixture {
  const twilio = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: '+15005550006', apiBaseUrl: fake.baseUrl });
  fx = makeEngineFixture({
    clock: new FakeClock(NOON_NY),
    providers: { twilio },
    routes: { sms: 'twilio' },
    dispatcher: { concurrency, senderRates: { '+15005550006': Infinity }, pollIntervalMs: 24 * 3_600_000 },
  });
  return fx;
}

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const markedSending = (f: EngineFixture) =>
  new Set(f.events.filter((e) => e.name === 'delivery.updated' && (e.payload as { state: string }).state === 'sending').map((e) => (e.payload as { deliveryId: number }).deliveryId));

describe('rows committed sending ahead of a free slot', () => {
  it('stop() puts back every marked row whose call had not started: none is left sending, no attempt is spent', async () => {
    const f = setup(4);
    fake.setFaults({ latencyMs: 300 });
    const phones = Array.from({ length: 12 }, (_, i) => `+1212555${String(3000 + i)}`);
    for (const phone of phones) {
      const p = addPatient(f.db, { phone, channelOrder: ['sms'] });
      f.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `Hello ${phone}` });
    }
    const acceptedBefore = fake.accepted.length;
    await f.engine.start();
    await until(() => markedSending(f).size >= 6);
    await f.engine.stop();

    const rows = allDeliveries(f.db);
    const accepted = fake.accepted.slice(acceptedBefore);
    expect(rows.filter((d) => d.state === 'sending')).toEqual([]);
    // Exactly the calls that started reached the fake, and each is recorded as sent with its sid.
    const sent = rows.filter((d) => d.state === 'sent');
    expect(sent.map((d) => d.provider_id).sort()).toEqual(accepted.map((a) => a.sid).sort());
    expect(sent.length).toBeLessThanOrEqual(4);
    // Rows marked ahead went back to queued without spending an attempt or leaving an attempt record.
    const putBack = rows.filter((d) => d.state === 'queued' && markedSending(f).has(d.id));
    expect(putBack.length).toBeGreaterThan(0);
    for (const d of rows.filter((r) => r.state === 'queued')) expect(d.attempt_count).toBe(0);
    const attempts = f.db.$client.prepare('select count(*) n from delivery_attempts where delivery_id in (select id from deliveries where state = ?)').get('queued') as { n: number };
    expect(attempts.n).toBe(0);
  });

  it('a row marked ahead whose address is suppressed before its slot comes is never posted, and fails as suppressed', async () => {
    const f = setup(1);
    fake.setFaults({ latencyMs: 400 });
    const phones = ['+12125554001', '+12125554002', '+12125554003'];
    const ids: number[] = [];
    for (const phone of phones) {
      const p = addPatient(f.db, { phone, channelOrder: ['sms'] });
      const out = f.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `Hi ${phone}` });
      if (out.status === 'queued') ids.push(out.deliveryId);
    }
    await f.engine.start();
    // The first call is in flight and the second row is already committed sending behind it.
    await until(() => markedSending(f).has(ids[1] ?? -1));
    addSuppressionRow(f.db, 'sms', phones[1] ?? '');
    await until(() => allDeliveries(f.db).every((d) => d.state === 'sent' || d.state === 'failed'));
    await f.engine.stop();

    const rows = allDeliveries(f.db);
    expect(rows.map((d) => [d.address, d.state, d.reason_code])).toEqual([
      [phones[0], 'sent', null],
      [phones[1], 'failed', 'suppressed'],
      [phones[2], 'sent', null],
    ]);
    expect(fake.accepted.some((a) => a.to === phones[1])).toBe(false);
    expect(rows[1]?.attempt_count).toBe(0);
  });
});
