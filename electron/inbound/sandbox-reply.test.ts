/**
 * The whole app core: a staff member types "STOP" as the patient in the sandbox phone; the
 * engine records it and the scheduler's keyword hook suppresses the number, cancels what was
 * queued for it and records the consent change; "START" lifts it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { STOP_CONFIRMATION } from './reply-handler';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('sandbox reply as patient', () => {
  it('runs the keyword hook: STOP suppresses and cancels queued messages, START lifts it', async () => {
    t = await createTestCore();
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const patient = await t.must('patients.create', { firstName: 'Sandy', lastName: 'Box', contactPoints: [{ kind: 'phone', value: '+12125550901' }] });
    const { db } = t.core;
    const queued = t.core.services.engine.queue({ to: { patientId: patient.id }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'Later today' });
    expect(queued.status).toBe('queued');

    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550901', body: 'stop' });
    const suppressed = () =>
      (db.$client.prepare(`select count(*) as n from suppressions where address = '+12125550901' and lifted_at is null`).get() as { n: number }).n === 1;
    await waitFor(suppressed);
    if (queued.status !== 'queued') return;
    expect(db.$client.prepare('select state, reason_code as reason from deliveries where id = ?').get(queued.deliveryId)).toEqual({ state: 'cancelled', reason: 'opted_out' });
    expect(db.$client.prepare('select status, source from consent_events where patient_id = ?').all(patient.id)).toEqual([{ status: 'opted_out', source: 'sms_keyword' }]);
    expect(t.core.services.engine.queue({ to: { patientId: patient.id }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'x' }).status).toBe('refused');

    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550901', body: 'START' });
    await waitFor(() => !suppressed());
    expect(t.core.services.engine.queue({ to: { patientId: patient.id }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'y' }).status).toBe('queued');
  });

  it('STOP gets exactly one confirmation, at once even in quiet hours, and nothing else reaches the number', async () => {
    t = await createTestCore();
    // 03:00 in New York: inside quiet hours for the clinic's zone.
    t.clock.set(Date.UTC(2026, 0, 20, 8, 0));
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const patient = await t.must('patients.create', { firstName: 'Quinn', lastName: 'Stop', contactPoints: [{ kind: 'phone', value: '+12125550902' }] });
    const { db } = t.core;
    const toNumber = () =>
      db.$client
        .prepare(`select m.body, d.state from deliveries d join messages m on m.id = d.message_id where d.address = '+12125550902' and m.direction = 'outbound' order by d.id`)
        .all() as Array<{ body: string; state: string }>;

    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550902', body: 'STOP' });
    await waitFor(() => toNumber().length === 1);
    await t.core.services.engine.runOnce();
    expect(toNumber()).toEqual([{ body: STOP_CONFIRMATION, state: 'delivered' }]);

    // A second STOP and any later send: no second confirmation, nothing else.
    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550902', body: 'stop' });
    expect(t.core.services.engine.queue({ to: { patientId: patient.id }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'x' }).status).toBe('refused');
    // The exemption is for the keyword handler's own key only, not for any auto-reply.
    expect(
      t.core.services.engine.queue({ to: { address: '+12125550902', channel: 'sms' }, origin: 'auto_reply', purpose: 'transactional', body: 'sneaky', dedupeKey: 'keyword:sms:+12125550902:help' }).status,
    ).toBe('refused');
    await t.core.services.engine.runOnce();
    // Refusals are recorded (as failed, with their reason) so staff can see them; nothing was sent.
    expect(toNumber()).toEqual([
      { body: STOP_CONFIRMATION, state: 'delivered' },
      { body: 'x', state: 'failed' },
      { body: 'sneaky', state: 'failed' },
    ]);
  });
});
