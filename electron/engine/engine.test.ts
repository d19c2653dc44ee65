import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { FakeClock } from '../foundation/clock';
import { addConsent, addPatient, addSuppressionRow, allDeliveries, drain, makeEngineFixture, type EngineFixture } from './test-support';

let fx: EngineFixture | null = null;
afterEach(async () => {
  await fx?.dispose();
  fx = null;
});

// 15:00 UTC = 10:00 in New York (the clinic's default zone).
const NOON_NY = Date.UTC(2026, 0, 15, 15, 0, 0);

describe('queueing', () => {
  it('commits message, conversation and delivery at once and the sandbox receives it on the next pass', async () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p = addPatient(fx.db, { phone: '+12125550101', email: 'a@example.com' });
    const out = fx.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', body: 'Hello' });
    expect(out.status).toBe('queued');
    if (out.status !== 'queued') return;
    expect(out.channel).toBe('sms');
    const before = allDeliveries(fx.db);
    expect(before).toHaveLength(1);
    expect(before[0]?.state).toBe('queued');
    const conv = fx.db.$client.prepare('select * from conversations where patient_id = ?').get(p) as { last_message_preview: string };
    expect(conv.last_message_preview).toBe('Hello');
    await fx.engine.runOnce();
    const after = allDeliveries(fx.db);
    expect(after[0]?.state).toBe('delivered');
    expect(after[0]?.provider_id).toBe(`sandbox-${after[0]?.id}`);
    expect(fx.events.some((e) => e.name === 'message.created')).toBe(true);
    const updates = fx.events.filter((e) => e.name === 'delivery.updated').map((e) => (e.payload as { state: string }).state);
    expect(updates).toEqual(['queued', 'sending', 'delivered']);
  });

  it('a dedupe key makes a second queue a duplicate, not a second message', () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p = addPatient(fx.db, { phone: '+12125550101' });
    const a = fx.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'R', dedupeKey: 'reminder:1:2:0' });
    const b = fx.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'R', dedupeKey: 'reminder:1:2:0' });
    expect(a.status).toBe('queued');
    expect(b).toEqual({ status: 'duplicate', messageId: a.status === 'queued' ? a.messageId : -1 });
    expect(allDeliveries(fx.db)).toHaveLength(1);
  });

  it('refusals are stored with a reason code: suppressed address, opt-out, marketing without opt-in', () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p1 = addPatient(fx.db, { phone: '+12125550101', channelOrder: ['sms'] });
    addSuppressionRow(fx.db, 'sms', '+12125550101');
    const p2 = addPatient(fx.db, { phone: '+12125550102', channelOrder: ['sms'] });
    addConsent(fx.db, p2, 'sms', 'transactional', 'opted_out');
    const p3 = addPatient(fx.db, { phone: '+12125550103', channelOrder: ['sms'] });
    const r1 = fx.engine.queue({ to: { patientId: p1 }, origin: 'staff', purpose: 'transactional', body: 'x' });
    const r2 = fx.engine.queue({ to: { patientId: p2 }, origin: 'staff', purpose: 'transactional', body: 'x' });
    const r3 = fx.engine.queue({ to: { patientId: p3 }, origin: 'broadcast', purpose: 'marketing', body: 'x' });
    expect([r1, r2, r3].map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual(['suppressed', 'opted_out', 'no_marketing_consent']);
    expect(allDeliveries(fx.db).map((d) => [d.state, d.reason_code])).toEqual([
      ['failed', 'suppressed'],
      ['failed', 'opted_out'],
      ['failed', 'no_marketing_consent'],
    ]);
  });

  it('channel order skips a channel the patient opted out of and picks the next one', () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p = addPatient(fx.db, { phone: '+12125550101', email: 'b@example.com', channelOrder: ['sms', 'email'] });
    addConsent(fx.db, p, 'sms', 'transactional', 'opted_out');
    const out = fx.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'x' });
    expect(out.status === 'queued' && out.channel).toBe('email');
  });

  it('holds SMS during quiet hours in the patient zone and sends when the window opens; email is not held', async () => {
    // 03:00 UTC = 22:00 in New York, 19:00 in Los Angeles.
    const clock = new FakeClock(Date.UTC(2026, 0, 16, 3, 0, 0));
    fx = makeEngineFixture({ clock });
    const ny = addPatient(fx.db, { phone: '+12125550101', timeZone: 'America/New_York' });
    const la = addPatient(fx.db, { phone: '+13105550101', timeZone: 'America/Los_Angeles' });
    const em = addPatient(fx.db, { email: 'c@example.com', channelOrder: ['email'] });
    const a = fx.engine.queue({ to: { patientId: ny }, origin: 'reminder', purpose: 'transactional', body: 'x' });
    const b = fx.engine.queue({ to: { patientId: la }, origin: 'reminder', purpose: 'transactional', body: 'x' });
    const c = fx.engine.queue({ to: { patientId: em }, origin: 'reminder', purpose: 'transactional', body: 'x' });
    expect(a.status === 'queued' && a.held?.reason).toBe('quiet_hours');
    const opens = DateTime.fromObject({ year: 2026, month: 1, day: 16, hour: 8 }, { zone: 'America/New_York' }).toMillis();
    expect(a.status === 'queued' && a.held?.until).toBe(opens);
    expect(b.status === 'queued' && b.held).toBeNull();
    expect(c.status === 'queued' && c.held).toBeNull();
    await fx.engine.runOnce();
    expect(allDeliveries(fx.db).map((d) => d.state)).toEqual(['held', 'delivered', 'delivered']);
    clock.set(opens - 1);
    await fx.engine.runOnce();
    expect(allDeliveries(fx.db)[0]?.state).toBe('held');
    clock.set(opens);
    await fx.engine.runOnce();
    expect(allDeliveries(fx.db)[0]?.state).toBe('delivered');
  });

  it('an emergency overrides quiet hours and the daily cap', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 16, 3, 0, 0));
    fx = makeEngineFixture({ clock, clinic: { dailyCap: 1 } });
    const p = addPatient(fx.db, { phone: '+12125550101' });
    for (let i = 0; i < 3; i++) {
      const out = fx.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: `e${i}`, emergency: true });
      expect(out.status === 'queued' && out.held).toBeNull();
    }
    await fx.engine.runOnce();
    expect(allDeliveries(fx.db).every((d) => d.state === 'delivered')).toBe(true);
  });

  it('cancelQueuedFor stops queued items for an appointment or an address at once', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 16, 3, 0, 0)); // quiet hours: everything is held
    fx = makeEngineFixture({ clock });
    const p = addPatient(fx.db, { phone: '+12125550101' });
    const q = addPatient(fx.db, { phone: '+12125550102' });
    fx.db.$client
      .prepare(`insert into appointments (patient_id, clinician, starts_at, created_at, updated_at) values (?, 'Dr A', ?, 0, 0)`)
      .run(p, clock.now() + 86_400_000);
    fx.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'r', appointmentId: 1 });
    fx.engine.queue({ to: { patientId: q }, origin: 'staff', purpose: 'transactional', body: 's' });
    expect(fx.engine.cancelQueuedFor({ appointmentId: 1 })).toBe(1);
    expect(fx.engine.cancelQueuedFor({ channel: 'sms', address: '+12125550102' }, 'opted_out')).toBe(1);
    clock.advance(12 * 3_600_000);
    await fx.engine.runOnce();
    expect(allDeliveries(fx.db).map((d) => [d.state, d.reason_code])).toEqual([
      ['cancelled', 'cancelled'],
      ['cancelled', 'opted_out'],
    ]);
  });

  it('a suppression added after queueing is caught right before sending, and the message falls back to email', async () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p = addPatient(fx.db, { phone: '+12125550101', email: 'd@example.com' });
    fx.engine.queue({ to: { patientId: p }, origin: 'reminder', purpose: 'transactional', body: 'x' });
    addSuppressionRow(fx.db, 'sms', '+12125550101');
    await drain(fx);
    const rows = allDeliveries(fx.db);
    expect(rows.map((d) => [d.channel, d.state, d.reason_code])).toEqual([
      ['sms', 'failed', 'suppressed'],
      ['email', 'delivered', null],
    ]);
    expect(rows[1]?.fallback_of_delivery_id).toBe(rows[0]?.id);
  });

  it('a fallback stays on the channels the message has content for: no email when only SMS text exists', async () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p = addPatient(fx.db, { phone: '+12125550101', email: 'd@example.com' });
    // As a broadcast whose template has SMS text only queues it.
    fx.engine.queue({ to: { patientId: p }, origin: 'broadcast', purpose: 'transactional', body: 'x', channels: ['sms'] });
    addSuppressionRow(fx.db, 'sms', '+12125550101');
    await drain(fx);
    // The SMS fails for its real reason; no email delivery is made only to fail as render_failed.
    expect(allDeliveries(fx.db).map((d) => [d.channel, d.state, d.reason_code])).toEqual([['sms', 'failed', 'suppressed']]);
  });

  it('daily cap holds the 3rd message of the day until the next local day', async () => {
    const clock = new FakeClock(NOON_NY);
    fx = makeEngineFixture({ clock, clinic: { dailyCap: 2 } });
    const p = addPatient(fx.db, { phone: '+12125550101' });
    for (let i = 0; i < 3; i++) fx.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', body: `m${i}` });
    await fx.engine.runOnce();
    const rows = allDeliveries(fx.db);
    expect(rows.map((d) => d.state)).toEqual(['delivered', 'delivered', 'held']);
    expect(rows[2]?.reason_code).toBe('daily_cap');
    const nextDay = DateTime.fromMillis(NOON_NY, { zone: 'America/New_York' }).plus({ days: 1 }).startOf('day').toMillis();
    expect(rows[2]?.next_attempt_at).toBe(nextDay);
  });
});

describe('inbound and the sandbox', () => {
  it('receiveInbound threads by address, raises unread, opens the WhatsApp window and calls the hook once per provider id', async () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const p = addPatient(fx.db, { phone: '+12125550101' });
    const seen: string[] = [];
    fx.engine.onInbound((m) => {
      seen.push(`${m.patientId}:${m.body}`);
    });
    const m = fx.engine.receiveInbound({ channel: 'whatsapp', address: 'whatsapp:+12125550101', body: 'STOP', providerMessageId: 'SM1' });
    expect(m?.patientId).toBe(p);
    expect(fx.engine.receiveInbound({ channel: 'whatsapp', address: '+12125550101', body: 'STOP', providerMessageId: 'SM1' })).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([`${p}:STOP`]);
    const conv = fx.db.$client.prepare('select unread_count, whatsapp_window_ends_at w from conversations where patient_id = ?').get(p) as {
      unread_count: number;
      w: number;
    };
    expect(conv.unread_count).toBe(1);
    expect(conv.w).toBe(NOON_NY + 24 * 3_600_000);
  });
});
