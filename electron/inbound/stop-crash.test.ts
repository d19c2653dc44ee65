/**
 * No lost STOP: storing an inbound message and acting on its keyword are one transaction. A
 * crash between the two (here: a failure injected after the keyword handler, inside the same
 * transaction) stores neither, so the next poll after a restart reads the STOP again: the number
 * ends up suppressed and exactly one confirmation goes out.
 */
import { describe, expect, it } from 'vitest';
import { useTwilioRig } from '../scheduler/test-twilio-rig';
import { STOP_CONFIRMATION } from '../../shared/keywords';

const rig = useTwilioRig();

describe('a crash between storing a STOP and acting on it', () => {
  it('loses nothing: after a restart the number is suppressed and one confirmation went out', async () => {
    const clinicNumber = '+15005550006';
    const { h: first, fake: f, restart } = await rig.open({ start: Date.UTC(2026, 5, 20, 15), clinic: { timeZone: 'America/New_York' } }, { smsFrom: clinicNumber, segmentsPerSecond: 1000 });
    const phone = '+12125550801';
    first.addPatient({ firstName: 'Dana', phone });

    // The process "dies" right after the keyword handler did its work, before the commit.
    first.engine.actOnInbound(() => {
      throw new Error('power cut');
    });
    f.injectInbound({ from: phone, to: clinicNumber, body: 'STOP' });
    const polled = await first.scheduler.twilioInbound.poll(first.clock.now());
    expect(polled.received).toBe(0);
    // Nothing half-done: no stored STOP, no suppression, no confirmation queued.
    expect(first.sqlite.prepare(`select count(*) as n from messages`).get()).toEqual({ n: 0 });
    expect(first.sqlite.prepare(`select count(*) as n from suppressions`).get()).toEqual({ n: 0 });

    const second = await restart(first);
    second.clock.advance(20_000);
    expect((await second.scheduler.twilioInbound.poll(second.clock.now())).received).toBe(1);
    await second.settle();
    expect(second.sqlite.prepare(`select address, reason from suppressions where lifted_at is null`).all()).toEqual([{ address: phone, reason: 'stop_keyword' }]);
    await second.engine.runOnce();
    expect(f.accepted.filter((a) => a.to === phone).map((a) => a.body)).toEqual([STOP_CONFIRMATION]);

    // Reading the same STOP again (overlapping polls, another restart) confirms nothing more.
    const third = await restart(second);
    expect((await third.scheduler.twilioInbound.poll(third.clock.now())).received).toBe(0);
    await third.engine.runOnce();
    expect(f.accepted.filter((a) => a.to === phone)).toHaveLength(1);
  });
});
