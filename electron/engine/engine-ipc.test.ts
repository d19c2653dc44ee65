import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';

const ADMIN = 'admin-session';
const RECEPTION = 'reception-session';
let t: TestCore;
let patientId: number;

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery' }, ADMIN);
  await t.must('staff.create', { username: 'rita', displayName: 'Rita Reception', role: 'receptionist', password: 'receptionist-pass' }, ADMIN);
  await t.must('auth.signIn', { username: 'rita', password: 'receptionist-pass' }, RECEPTION);
  const p = await t.must(
    'patients.create',
    { firstName: 'Pat', lastName: 'Smith', contactPoints: [{ kind: 'phone', value: '(202) 555-0143' }] },
    ADMIN,
  );
  patientId = p.id;
});
afterAll(async () => {
  await t.dispose();
});

describe('engine IPC calls with the sandbox (the default provider)', () => {
  it('messages.send → the simulated phone shows it → a reply as the patient lands in the conversation, unread', async () => {
    const out = await t.must('messages.send', { to: { patientId }, body: 'Your appointment is tomorrow' }, RECEPTION);
    expect(out.status).toBe('queued');
    await t.core.services.engine.runOnce();
    const inbox = await t.must('sandbox.inbox', { address: '+12025550143' }, RECEPTION);
    expect(inbox.items.map((i) => i.body)).toEqual(['Your appointment is tomorrow']);
    const seen: string[] = [];
    t.core.services.engine.onInbound((m) => {
      seen.push(m.body);
    });
    const reply = await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '(202) 555-0143', body: 'C' }, RECEPTION);
    expect(reply.conversationId).toBe(inbox.items[0]?.conversationId);
    const conv = t.core.db.$client.prepare('select unread_count from conversations where id = ?').get(reply.conversationId) as { unread_count: number };
    expect(conv.unread_count).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['C']);
    const deliveries = await t.must('deliveries.list', { conversationId: reply.conversationId }, RECEPTION);
    // (The "C" itself gets an answer: nothing was reminded, so the clinic will get back to them.)
    expect(deliveries.items.find((d) => out.status === 'queued' && d.messageId === out.messageId)?.state).toBe('delivered');
  });

  it('only a manager may send an emergency message', async () => {
    const r = await t.call('messages.send', { to: { patientId }, body: 'x', emergency: true }, RECEPTION);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('provider secrets are write-only: the view says only whether one is set', async () => {
    const before = await t.must('providers.get', {}, ADMIN);
    expect(before.smsProvider).toBe('sandbox');
    expect(before.twilio.hasAuthToken).toBe(false);
    const after = await t.must(
      'providers.update',
      { twilio: { accountSid: 'AC' + 'a'.repeat(32), authToken: 'super-secret-token', smsFrom: '+12025550100' } },
      ADMIN,
    );
    expect(after.twilio.hasAuthToken).toBe(true);
    expect(JSON.stringify(after)).not.toContain('super-secret-token');
    const audit = t.core.db.$client.prepare("select detail from audit_log where action = 'providers.update'").all() as Array<{ detail: string }>;
    expect(audit.map((a) => a.detail).join()).not.toContain('super-secret-token');
    expect(await t.call('providers.get', {}, RECEPTION)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('engine.status reports online and what is waiting', async () => {
    const s = await t.must('engine.status', {}, RECEPTION);
    expect(s.online).toBe(true);
    expect(s.summary).toMatch(/^online/);
  });
});
