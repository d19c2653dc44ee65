/**
 * STOP arrives while a broadcast is going out over Twilio (the fake Twilio REST API, driven by
 * the real SDK through the engine and the inbound poller): nothing more reaches that number,
 * the opt-out is in the consent history, and later broadcasts exclude it; START lifts it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { defaultProviderSettings, SECRET_KEYS } from '../providers/provider-settings';
import { BroadcastsService } from './broadcasts-service';
import { insertStaff } from '../repos/staff-repo';

const NY = 'America/New_York';
let h: Harness | null = null;
let fake: FakeTwilio | null = null;
afterEach(async () => {
  await h?.dispose();
  await fake?.close();
  h = null;
  fake = null;
});

describe('STOP during a broadcast', () => {
  it('stops everything to that number at once, excludes it later, and START lifts it', async () => {
    const start = DateTime.fromISO('2026-06-02T10:00', { zone: NY }).toMillis();
    delete process.env.TWILIO_REGION;
    delete process.env.TWILIO_EDGE;
    h = openHarness({ start, clinic: { timeZone: NY }, dispatcher: { batchSize: 4, concurrency: 1 } });
    const harness = h;
    fake = await FakeTwilio.start({ now: () => new Date(harness.clock.now()), progression: { mode: 'manual' } });
    const clinicNumber = '+15005550006';
    h.secrets.set(SECRET_KEYS.twilioAuthToken, fake.authToken);
    h.engine.providerSettings.save({
      ...defaultProviderSettings,
      smsProvider: 'twilio',
      twilio: { ...defaultProviderSettings.twilio, accountSid: fake.accountSid, smsFrom: clinicNumber, segmentsPerSecond: 1000, apiBaseUrl: fake.baseUrl },
    });

    const phones: string[] = [];
    const ids: number[] = [];
    for (let i = 0; i < 16; i++) {
      const phone = `+1212555${String(6000 + i)}`;
      phones.push(phone);
      ids.push(h.addPatient({ firstName: `B${i}`, phone, timeZone: NY, tags: ['flu'] }));
    }
    const stopper = phones[12] ?? '';
    const staffId = insertStaff(h.db, { username: 'mgr', displayName: 'Manager', role: 'manager', passwordHash: 'x', createdAt: start }).id;
    const broadcasts = new BroadcastsService(h.db, h.clock, h.events, () => NY, () => harness.engine);
    const send = async (name: string) => {
      const draft = broadcasts.createDraft(
        { name, audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms', body: `${name}: flu shots this week. Reply STOP to opt out.` }, purpose: 'transactional' },
        staffId,
      );
      broadcasts.approve({ id: draft.id }, staffId);
      await harness.scheduler.broadcasts.run(harness.clock.now());
      return draft.id;
    };
    const toStopper = () => (fake?.accepted ?? []).filter((a) => a.to === stopper);

    const first = await send('First');
    expect(broadcasts.get(first).counts).toMatchObject({ total: 16, queued: 16, pending: 0 });
    // All queued, none finished: the broadcast is still sending.
    expect(broadcasts.get(first)).toMatchObject({ status: 'sending', counts: { byState: { queued: 16 } } });

    // The first batches go out, then the patient texts STOP.
    await h.engine.runOnce();
    h.clock.advance(1000);
    await h.engine.runOnce();
    const sentBeforeStop = fake.accepted.length;
    expect(sentBeforeStop).toBeGreaterThan(0);
    expect(sentBeforeStop).toBeLessThan(16);
    expect(toStopper()).toHaveLength(0);
    fake.injectInbound({ from: stopper, to: clinicNumber, body: 'Stop' });
    const polled = await h.scheduler.twilioInbound.poll(h.clock.now());
    expect(polled.received).toBe(1);
    await h.settle();

    for (let i = 0; i < 10; i++) {
      h.clock.advance(1000);
      await h.engine.runOnce();
    }
    expect(toStopper().filter((a) => a.body?.includes('flu shots'))).toHaveLength(0);
    expect(fake.accepted.filter((a) => a.body?.includes('First:'))).toHaveLength(15);
    const stopped = h.sqlite
      .prepare(`select d.state, d.reason_code as reason from deliveries d join messages m on m.id = d.message_id where m.broadcast_id = ? and d.address = ?`)
      .all(first, stopper) as Array<{ state: string; reason: string }>;
    expect(stopped).toEqual([{ state: 'cancelled', reason: 'opted_out' }]);
    // Every delivery finished (15 handed to the provider, 1 cancelled by STOP): the next run completes it.
    await harness.scheduler.broadcasts.run(harness.clock.now());
    expect(broadcasts.get(first)).toMatchObject({ status: 'completed', counts: { byState: { sent: 15, cancelled: 1, queued: 0, sending: 0, held: 0 } } });
    expect(h.emitted.some((e) => e.name === 'broadcast.progress' && (e.payload as { status: string; broadcastId: number }).status === 'completed')).toBe(true);
    expect(h.sqlite.prepare(`select reason, lifted_at as lifted from suppressions where channel = 'sms' and address = ?`).all(stopper)).toEqual([
      { reason: 'stop_keyword', lifted: null },
    ]);
    expect(h.sqlite.prepare(`select status, source from consent_events where patient_id = ? order by id`).all(ids[12])).toEqual([
      { status: 'opted_out', source: 'sms_keyword' },
    ]);
    // The same sid polled again is not a second message.
    expect((await h.scheduler.twilioInbound.poll(h.clock.now())).received).toBe(0);

    // A second STOP does not queue a second confirmation.
    fake.injectInbound({ from: stopper, to: clinicNumber, body: 'STOP' });
    await h.scheduler.twilioInbound.poll(h.clock.now());
    await h.settle();
    const confirmations = h.sqlite.prepare(`select count(*) as n from messages where dedupe_key like 'keyword:sms:%:optout-confirmation:%'`).get() as { n: number };
    expect(confirmations.n).toBeLessThanOrEqual(1);

    // A later broadcast leaves the number out.
    const second = await send('Second');
    expect(broadcasts.get(second).counts).toMatchObject({ total: 16, queued: 15, excluded: 1 });
    for (let i = 0; i < 10; i++) {
      h.clock.advance(1000);
      await h.engine.runOnce();
    }
    expect(toStopper().filter((a) => a.body?.includes('flu shots'))).toHaveLength(0);

    // START lifts it: the next broadcast reaches the number again.
    h.clock.advance(60_000);
    fake.injectInbound({ from: stopper, to: clinicNumber, body: 'start' });
    await h.scheduler.twilioInbound.poll(h.clock.now());
    await h.settle();
    expect(h.sqlite.prepare(`select count(*) as n from suppressions where address = ? and lifted_at is null`).get(stopper)).toEqual({ n: 0 });
    expect(h.sqlite.prepare(`select status, source from consent_events where patient_id = ? order by id`).all(ids[12])).toEqual([
      { status: 'opted_out', source: 'sms_keyword' },
      { status: 'opted_in', source: 'sms_keyword' },
    ]);
    const third = await send('Third');
    expect(broadcasts.get(third).counts).toMatchObject({ total: 16, queued: 16, excluded: 0 });
    for (let i = 0; i < 10; i++) {
      h.clock.advance(1000);
      await h.engine.runOnce();
    }
    expect(toStopper().filter((a) => a.body?.includes('Third:'))).toHaveLength(1);
  });
});
