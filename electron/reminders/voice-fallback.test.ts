/**
 * Voice reminders through the engine's Twilio provider against the fake Twilio: the call says
 * the reminder twice; its final status is polled; no-answer (and busy/failed) make the reminder
 * go out once on the rule's next channel (SMS); a completed call does not.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { useTwilioRig } from '../scheduler/test-twilio-rig';
import { writeSchedulerSettings } from '../scheduler/scheduler-settings';
import { listReminderRules } from './reminder-rules-repo';

const NY = 'America/New_York';
const rig = useTwilioRig();

describe('voice reminders', () => {
  it('call twice-spoken reminders and fall back to SMS on no-answer, busy or failed only', async () => {
    const start = DateTime.fromISO('2026-06-08T09:00', { zone: NY }).toMillis();
    const { h, fake } = await rig.open(
      { start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' }, dispatcher: { pollIntervalMs: 10_000 } },
      { voiceFrom: '+15005550007', segmentsPerSecond: 1000 },
    );
    // Bookings here are hours before their reminders; the booked-notice skip has its own test.
    writeSchedulerSettings(h.settings, { noticeSkipHours: 0 });
    for (const rule of listReminderRules(h.db)) h.rules.update({ id: rule.id, enabled: false });
    const call = h.rules.create({ name: 'Call the day before', offsetMinutes: 24 * 60, channels: ['voice', 'sms'] });

    const outcomes = { '+12125550401': 'no-answer', '+12125550402': 'busy', '+12125550403': 'failed', '+12125550404': 'completed' } as const;
    const appts = new Map<string, number>();
    for (const [phone, outcome] of Object.entries(outcomes)) {
      fake.scriptCall(phone, outcome);
      const patient = h.addPatient({ firstName: `V${phone.slice(-1)}`, phone, timeZone: NY });
      appts.set(phone, h.book(patient, start + 25 * 3600_000));
    }
    await h.settle();

    h.clock.set(start + 3600_000);
    await h.scheduler.planReminders(h.clock.now());
    // Calls are paced at one per second per caller id.
    for (let i = 0; i < 4; i++) {
      await h.engine.runOnce();
      h.clock.advance(1000);
    }
    const calls = fake.accepted.filter((a) => a.kind === 'call');
    expect(calls.map((c) => c.to).sort()).toEqual(Object.keys(outcomes).sort());
    for (const c of calls) {
      expect(c.twiml?.match(/<Say>/g)).toHaveLength(2);
      expect(c.twiml).toContain('Main Street Clinic');
    }

    // Status polling settles each call; then the fallback job runs.
    for (let i = 0; i < 4; i++) {
      h.clock.advance(15_000);
      await h.engine.runOnce();
    }
    const states = h.reminderMessages().map((m) => ({ address: m.address, state: h?.deliveriesOf(m.id)[0]?.state }));
    expect(states.find((s) => s.address === '+12125550404')?.state).toBe('delivered');
    expect(states.filter((s) => s.state === 'undelivered' || s.state === 'failed')).toHaveLength(3);

    expect(h.scheduler.planFallbacks(h.clock.now())).toBe(3);
    expect(h.scheduler.planFallbacks(h.clock.now())).toBe(0);
    h.clock.advance(1000);
    await h.engine.runOnce();
    // (The other SMS are the 'appointment booked' notices.)
    const sms = fake.accepted.filter((a) => a.kind === 'message' && a.body?.includes('reminder of'));
    expect(sms.map((m) => m.to).sort()).toEqual(['+12125550401', '+12125550402', '+12125550403']);
    for (const m of sms) expect(m.body).toContain('Reply C to confirm');
    const fallbackKeys = h.reminderMessages().filter((m) => m.channel === 'sms').map((m) => m.dedupeKey);
    expect(fallbackKeys).toContain(`reminder:${call.id}:${appts.get('+12125550401')}:0:fallback:sms`);
  });
});
