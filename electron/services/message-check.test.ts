/**
 * messages.check says in advance what messages.send will do (send, hold and until when, refuse
 * and why) for the same patient, channel and moment, and queues nothing while it looks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { FakeClock } from '../foundation/clock';
import { count } from 'drizzle-orm';
import { deliveries } from '../db/schema';

const NOON = Date.UTC(2026, 0, 15, 12, 0, 0);

let t: TestCore;
const clock = new FakeClock(NOON);
const id = { ok: 0, optedOut: 0, stopped: 0, night: 0 };

beforeAll(async () => {
  t = await createTestCore({ clock });
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const make = async (name: string, phone: string, email?: string, timeZone = 'Etc/GMT') =>
    (
      await t.must('patients.create', {
        firstName: name,
        lastName: 'Test',
        timeZone,
        contactPoints: [{ kind: 'phone', value: phone, isPrimary: true }, ...(email ? [{ kind: 'email' as const, value: email }] : [])],
      })
    ).id;
  id.ok = await make('Ok', '+13125550101', 'ok@example.com');
  id.optedOut = await make('Out', '+13125550102');
  id.stopped = await make('Stop', '+13125550103');
  // Noon in UTC is 23:00 at UTC+11: quiet hours for this one.
  id.night = await make('Night', '+13125550104', 'night@example.com', 'Etc/GMT-11');
  await t.must('consent.set', { patientId: id.optedOut, channel: 'sms', purpose: 'transactional', status: 'opted_out' });
  await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+13125550103', body: 'STOP' });
});
afterAll(async () => {
  await t.dispose();
});

const deliveryCount = () => t.core.db.select({ n: count() }).from(deliveries).get()?.n;

describe('messages.check', () => {
  it('names the rule that refuses or holds, and queues nothing', async () => {
    const before = deliveryCount();
    expect(await t.must('messages.check', { to: { patientId: id.ok }, channel: 'sms' })).toEqual({ verdict: 'send', channel: 'sms', reason: null, text: null, until: null });
    expect(await t.must('messages.check', { to: { patientId: id.optedOut }, channel: 'sms' })).toMatchObject({
      verdict: 'refuse',
      reason: 'opted_out',
      text: 'Will not be sent: the patient opted out of SMS.',
    });
    expect(await t.must('messages.check', { to: { patientId: id.stopped }, channel: 'sms' })).toMatchObject({ verdict: 'refuse', reason: 'suppressed' });
    expect(await t.must('messages.check', { to: { patientId: id.optedOut }, channel: 'email' })).toMatchObject({ verdict: 'refuse', reason: 'no_contact_point' });
    expect(await t.must('messages.check', { to: { patientId: id.ok }, channel: 'sms', purpose: 'marketing' })).toMatchObject({ verdict: 'refuse', reason: 'no_marketing_consent' });
    const quiet = await t.must('messages.check', { to: { patientId: id.night }, channel: 'sms' });
    expect(quiet).toMatchObject({ verdict: 'hold', reason: 'quiet_hours', text: expect.stringContaining('Quiet hours') });
    expect(quiet.until).toBe(Date.UTC(2026, 0, 15, 21, 0, 0));
    expect(await t.must('messages.check', { to: { patientId: id.night }, channel: 'email' })).toMatchObject({ verdict: 'send' });
    expect(deliveryCount()).toBe(before);
  });

  it('agrees with what messages.send then does', async () => {
    for (const [patient, channel] of [
      [id.ok, 'sms'],
      [id.night, 'sms'],
      [id.optedOut, 'sms'],
      [id.stopped, 'sms'],
      [id.optedOut, 'email'],
    ] as const) {
      const check = await t.must('messages.check', { to: { patientId: patient }, channel });
      const sent = await t.must('messages.send', { to: { patientId: patient }, channel, body: 'Hello' });
      const verdict = sent.status === 'refused' ? 'refuse' : sent.status === 'queued' && sent.held ? 'hold' : 'send';
      expect(check.verdict, `${patient} ${channel}`).toBe(verdict);
      if (sent.status === 'refused') expect(check.reason).toBe(sent.reason);
    }
  });

  it('refuses an address it cannot read, with the phone number’s problem', async () => {
    const result = await t.call('messages.check', { to: { address: '12345', channel: 'sms' } });
    expect(result.ok).toBe(false);
  });
});
