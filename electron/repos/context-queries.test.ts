/**
 * The context panel's data: everyone sharing the conversation's phone (a parent and child), each
 * with the next live appointment, its reminders for the current time, and consent per channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore;
const PHONE = '+13125550147';
let conversationId = 0;
let momId = 0;

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const mom = await t.must('patients.create', { firstName: 'Ana', lastName: 'Lopez', language: 'es', contactPoints: [{ kind: 'phone', value: PHONE, isPrimary: true }] });
  momId = mom.id;
  const kid = await t.must('patients.create', { firstName: 'Leo', lastName: 'Lopez', dateOfBirth: '2018-05-02', contactPoints: [{ kind: 'phone', value: PHONE, isPrimary: true }] });
  await t.must('patients.create', { firstName: 'Someone', lastName: 'Else', contactPoints: [{ kind: 'phone', value: '+13125550999', isPrimary: true }] });
  const now = t.clock.now();
  const cancelled = await t.must('appointments.create', { patientId: kid.id, clinician: 'Dr. Early', startsAt: now + 3_600_000 });
  await t.must('appointments.cancel', { id: cancelled.id });
  await t.must('appointments.create', { patientId: kid.id, clinician: 'Dr. Patel', startsAt: now + 2 * 86_400_000 });
  await t.must('consent.set', { patientId: momId, channel: 'sms', purpose: 'marketing', status: 'opted_in' });
  await t.must('consent.set', { patientId: momId, channel: 'email', purpose: 'transactional', status: 'opted_out' });
  conversationId = (await t.must('sandbox.replyAsPatient', { channel: 'sms', address: PHONE, body: 'Is Leo still booked?' })).conversationId;
});
afterAll(async () => {
  await t.dispose();
});

describe('inbox.context', () => {
  it('lists the household sharing the phone, with the next live appointment and consent per channel', async () => {
    const { patients } = await t.must('inbox.context', { conversationId });
    expect(patients.map((p) => p.name)).toEqual(['Ana Lopez', 'Leo Lopez']);
    const [ana, leo] = patients;
    expect(ana?.language).toBe('es');
    expect(ana?.nextAppointment).toBeNull();
    expect(leo?.nextAppointment).toMatchObject({ clinician: 'Dr. Patel', status: 'booked', confirmedAt: null, reminders: [] });
    const sms = ana?.channels.find((c) => c.channel === 'sms');
    expect(sms).toMatchObject({ address: PHONE, transactional: null, marketing: 'opted_in', suppressed: false, contactStatus: 'ok' });
    expect(ana?.channels.find((c) => c.channel === 'email')).toMatchObject({ address: null, transactional: 'opted_out' });
  });

  it('shows a STOP as blocked on SMS, and refuses an unknown conversation', async () => {
    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: PHONE, body: 'STOP' });
    const { patients } = await t.must('inbox.context', { conversationId });
    expect(patients.every((p) => p.channels.find((c) => c.channel === 'sms')?.suppressed)).toBe(true);
    const missing = await t.call('inbox.context', { conversationId: 999_999 });
    expect(missing.ok).toBe(false);
  });
});
