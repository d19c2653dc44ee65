/**
 * Answers are not held like campaigns (through the IPC registry and the real engine): HELP,
 * START and a confirmation thank-you go at once at 22:30 and past the daily cap; a staff reply
 * inside the reply window after the patient's own message goes at once, one outside it is held
 * and says why and until when; staff can send a held transactional one now (audited; never a
 * marketing one), edit it or cancel it; held messages to one address keep their order when
 * released. Suppression still applies to answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { FakeClock } from '../foundation/clock';
import { appendConsentEvent } from '../repos/consent-repo';
import { decide, type RuleFacts } from '../engine/rules';

const NY = 'America/New_York';
let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

const at = (iso: string) => DateTime.fromISO(iso, { zone: NY }).toMillis();

async function setUp(start: string) {
  const core = await createTestCore({ clock: new FakeClock(at(start)) });
  t = core;
  await core.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  await core.must('settings.update', { clinicName: 'Main Street Clinic', clinicPhone: '+12125550100', timeZone: NY });
  const patient = await core.must('patients.create', { firstName: 'Rosa', lastName: 'Night', contactPoints: [{ kind: 'phone', value: '+12125550950' }] });
  const phone = '+12125550950';
  const out = () =>
    core.core.db.$client
      .prepare(`select m.id, m.body, m.origin, d.state, d.reason_code as reason from messages m join deliveries d on d.message_id = m.id where m.direction = 'outbound' order by d.id`)
      .all() as Array<{ id: number; body: string; origin: string; state: string; reason: string | null }>;
  const patientSays = async (body: string) => {
    await core.must('sandbox.replyAsPatient', { channel: 'sms', address: phone, body });
    await core.core.services.engine.runOnce();
  };
  return { core, patient, phone, out, patientSays };
}

describe('answers are not held', () => {
  it('HELP, START and a thank-you go at once at 22:30 and past the daily cap; suppression still applies', async () => {
    const { core, patient, out, patientSays } = await setUp('2026-12-01T22:30');
    await core.must('settings.update', { dailyCap: 1 });
    await core.must('appointments.create', { patientId: patient.id, clinician: 'Dr. Park', startsAt: at('2026-12-03T10:00') });
    await core.core.services.engine.runOnce();
    await patientSays('HELP');
    await patientSays('C');
    const help = out().find((m) => m.origin === 'auto_reply' && m.body.includes('Msg&data'));
    expect(help?.state).toBe('delivered');
    const thanks = out().find((m) => m.body.startsWith('Thanks, Rosa'));
    expect(thanks).toMatchObject({ state: 'delivered', body: "Thanks, Rosa's visit on Thu Dec 3 at 10:00 AM is confirmed. Main Street Clinic" });
    // The booked notice is not an answer: quiet hours hold it.
    expect(out().find((m) => m.origin === 'appointment_event')).toMatchObject({ state: 'held', reason: 'quiet_hours' });

    await patientSays('STOP');
    await patientSays('HELP');
    // Suppressed: the second HELP gets nothing (only the one STOP confirmation went).
    expect(out().filter((m) => m.origin === 'auto_reply' && m.body.includes('Msg&data')).map((m) => m.state)).toEqual(['delivered', 'failed']);
    await patientSays('START');
    expect(out().find((m) => m.body.startsWith('You are subscribed again'))?.state).toBe('delivered');
  });

  it('a staff reply inside the reply window goes at once; outside it, it is held with the reason and time shown in the thread', async () => {
    const { core, patient, patientSays } = await setUp('2026-12-01T21:05');
    await patientSays('Is the clinic open tomorrow?');
    core.clock.set(at('2026-12-01T21:10'));
    const reply = await core.must('messages.send', { to: { patientId: patient.id }, channel: 'sms', body: 'Yes, from 8:00.' });
    expect(reply).toMatchObject({ status: 'queued', held: null });
    await core.core.services.engine.runOnce();

    // The next evening, 25 hours after the patient wrote: a new message waits for 08:00.
    core.clock.set(at('2026-12-02T22:10'));
    await core.must('auth.unlock', { password: 'admin-password' });
    const late = await core.must('messages.send', { to: { patientId: patient.id }, channel: 'sms', body: 'Your forms are ready.' });
    expect(late).toMatchObject({ status: 'queued', held: { reason: 'quiet_hours', until: at('2026-12-03T08:00') } });
    await core.core.services.engine.runOnce();
    const list = await core.must('inbox.list', {});
    const thread = await core.must('inbox.thread', { conversationId: list.items[0]?.id ?? 0 });
    const held = thread.messages.find((m) => m.body === 'Your forms are ready.');
    expect(held?.deliveries[0]).toMatchObject({ state: 'held', reasonCode: 'quiet_hours', nextAttemptAt: at('2026-12-03T08:00') });
    expect(thread.messages.find((m) => m.body === 'Yes, from 8:00.')).toMatchObject({ holdExempt: 'answer', deliveries: [{ state: 'delivered' }] });
  });

  it('staff send a held message now (audited), edit or cancel it; marketing cannot be sent now', async () => {
    const { core, patient, phone } = await setUp('2026-12-01T22:00');
    const send = async (body: string, purpose: 'transactional' | 'marketing' = 'transactional') => {
      const out = await core.must('messages.send', { to: { patientId: patient.id }, channel: 'sms', body, purpose });
      if (out.status !== 'queued' || !out.held) throw new Error(`expected a held message, got ${JSON.stringify(out)}`);
      return out.messageId;
    };
    const first = await send('Reminder: bring your insurance card.');
    const second = await send('Typo in this one');
    const third = await send('Not needed after all');
    appendConsentEvent(core.core.db, { patientId: patient.id, channel: 'sms', purpose: 'marketing', status: 'opted_in', source: 'staff', note: null, now: core.clock.now() });
    const promo = await send('Whitening 20% off', 'marketing');

    expect(await core.must('inbox.sendHeldNow', { messageId: first })).toMatchObject({ holdExempt: 'sent_now', deliveries: [{ state: 'queued' }] });
    const edited = await core.must('inbox.editHeld', { messageId: second, body: 'Your appointment is on Thursday.' });
    expect(edited).toMatchObject({ body: 'Your appointment is on Thursday.', deliveries: [{ state: 'held', reasonCode: 'quiet_hours' }] });
    expect(await core.must('inbox.cancelHeld', { messageId: third })).toMatchObject({ deliveries: [{ state: 'cancelled' }] });
    const refused = await core.call('inbox.sendHeldNow', { messageId: promo });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await core.core.services.engine.runOnce();
    const states = core.core.db.$client
      .prepare(`select m.id, m.body, d.state from messages m join deliveries d on d.message_id = m.id where d.address = ? order by m.id`)
      .all(phone) as Array<{ id: number; body: string; state: string }>;
    expect(states.map((s) => [s.id, s.state])).toEqual([
      [first, 'delivered'],
      [second, 'held'],
      [third, 'cancelled'],
      [promo, 'held'],
    ]);
    const audit = core.core.db.$client
      .prepare(`select action, entity_id as id from audit_log where action in ('message.sent_now','message.edited','message.cancelled') order by id`)
      .all();
    expect(audit).toEqual([
      { action: 'message.sent_now', id: String(first) },
      { action: 'message.edited', id: String(second) },
      { action: 'message.cancelled', id: String(third) },
    ]);
    // The edited text is what goes at 08:00.
    core.clock.set(at('2026-12-02T08:00'));
    await core.core.services.engine.runOnce();
    expect(core.core.db.$client.prepare(`select body from messages where id = ?`).get(second)).toEqual({ body: 'Your appointment is on Thursday.' });
    expect(core.core.db.$client.prepare(`select state from deliveries where message_id = ?`).get(second)).toEqual({ state: 'delivered' });
  });

  it('held messages to one address keep their order: a later message that may go releases the earlier ones first', async () => {
    const { core, patient, phone } = await setUp('2026-12-01T22:00');
    const a = await core.must('messages.send', { to: { patientId: patient.id }, channel: 'sms', body: 'First' });
    const b = await core.must('messages.send', { to: { patientId: patient.id }, channel: 'sms', body: 'Second' });
    expect([a.status === 'queued' && a.held?.reason, b.status === 'queued' && b.held?.reason]).toEqual(['quiet_hours', 'quiet_hours']);
    // The clinic changes its quiet hours; a new message may go now, and the held ones go before it.
    await core.must('settings.update', { quietHours: { start: '23:00', end: '07:00' } });
    const c = await core.must('messages.send', { to: { patientId: patient.id }, channel: 'sms', body: 'Third' });
    expect(c).toMatchObject({ status: 'queued', held: null });
    await core.core.services.engine.runOnce();
    const sent = core.core.db.$client
      .prepare(`select m.body, d.state from deliveries d join messages m on m.id = d.message_id where d.address = ? order by d.sent_at, d.id`)
      .all(phone);
    expect(sent).toEqual([
      { body: 'First', state: 'delivered' },
      { body: 'Second', state: 'delivered' },
      { body: 'Third', state: 'delivered' },
    ]);
  });

  it('the exemption is never for marketing', () => {
    const facts: RuleFacts = {
      channel: 'sms',
      optOutConfirmation: false,
      holdExempt: true,
      purpose: 'marketing',
      emergency: false,
      suppressed: false,
      consent: 'opted_in',
      transactionalConsent: null,
      contactStatus: 'ok',
      patientArchived: false,
      zone: NY,
      quiet: { start: '21:00', end: '08:00' },
      cap: null,
    };
    const now = at('2026-12-01T22:00');
    expect(decide(facts, now).kind).toBe('hold');
    expect(decide({ ...facts, purpose: 'transactional', consent: null }, now).kind).toBe('send');
    expect(decide({ ...facts, purpose: 'transactional', consent: null, suppressed: true }, now)).toEqual({ kind: 'refuse', reason: 'suppressed' });
  });
});
