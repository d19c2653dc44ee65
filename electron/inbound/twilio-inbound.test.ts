/**
 * Inbound SMS and WhatsApp by polling the fake Twilio's Messages list with the real SDK: each sid
 * once (also across restarts: the cursor is in job_state), the sender matched to the patients who
 * share the number, unread raised, a desktop notification, and the WhatsApp 24-hour window.
 */
import { describe, expect, it } from 'vitest';
import { useTwilioRig } from '../scheduler/test-twilio-rig';
import { findConversation } from '../repos/conversations-repo';
import { readJobState } from '../repos/job-state-repo';

const rig = useTwilioRig();

describe('Twilio inbound polling', () => {
  it('records each inbound message once, in the right conversation, and opens the WhatsApp window', async () => {
    const { h, fake, restart } = await rig.open({ start: Date.UTC(2026, 5, 20, 15), clinic: { timeZone: 'America/New_York' } }, { whatsappFrom: '+15005550008' });
    const shared = '+12125550601';
    const mom = h.addPatient({ firstName: 'Mona', phone: shared });
    const son = h.addPatient({ firstName: 'Sid', phone: shared });

    fake.injectInbound({ from: shared, to: '+15005550006', body: 'Running late, sorry' });
    fake.injectInbound({ from: `whatsapp:${shared}`, to: 'whatsapp:+15005550008', body: 'Hola' });
    fake.injectInbound({ from: '+12125550699', to: '+15005550006', body: 'Who is this?' });
    // Our own outbound messages in the list are not inbound.
    await h.engine.queue({ to: { patientId: mom }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'Hello' });
    await h.engine.runOnce();

    expect(await h.scheduler.twilioInbound.poll(h.clock.now())).toEqual({ listed: 3, received: 3 });
    await h.settle();
    const inbound = h.sqlite
      .prepare(`select channel, address, body, patient_id as patientId, conversation_id as conversationId, created_at as at from messages where direction = 'inbound' order by id`)
      .all() as Array<{ channel: string; address: string; body: string; patientId: number | null; conversationId: number; at: number }>;
    // Per number, oldest first.
    expect(inbound.map((m) => [m.channel, m.address, m.body])).toEqual([
      ['sms', shared, 'Running late, sorry'],
      ['sms', '+12125550699', 'Who is this?'],
      ['whatsapp', shared, 'Hola'],
    ]);
    expect([mom, son]).toContain(inbound[0]?.patientId);
    expect(inbound[1]?.patientId).toBeNull();
    expect(inbound[2]?.conversationId).toBe(inbound[0]?.conversationId);
    const conversation = findConversation(h.db, inbound[2]?.conversationId ?? 0);
    expect(conversation?.unreadCount).toBe(2);
    expect(conversation?.whatsappWindowEndsAt).toBe((inbound[2]?.at ?? 0) + 24 * 3600_000);
    expect(h.notifications.map((n) => n.body)).toEqual(['Running late, sorry', 'Who is this?', 'Hola']);
    expect(readJobState(h.db, 'inbound.twilio')?.cursor).toBeTruthy();

    // Polling again, and again after a restart, records nothing twice; a new message is read.
    expect((await h.scheduler.twilioInbound.poll(h.clock.now())).received).toBe(0);
    const h2 = await restart(h);
    h2.clock.advance(60_000);
    fake.injectInbound({ from: shared, to: '+15005550006', body: 'See you' });
    expect(await h2.scheduler.twilioInbound.poll(h2.clock.now())).toMatchObject({ received: 1 });
    expect(h2.sqlite.prepare(`select count(*) as n from messages where direction = 'inbound'`).get()).toEqual({ n: 4 });
  });
});
