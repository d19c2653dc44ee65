/**
 * Scheduled broadcasts: nothing before their time; at their time (or at the next start while
 * still inside their window) the audience is resolved as it is then; after the window they are
 * cancelled, not sent late. Paused ones wait. Progress is pushed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { BroadcastsService } from './broadcasts-service';
import { insertStaff } from '../repos/staff-repo';
import { updatePatient } from '../repos/patients-repo';
import { DomainError } from '../foundation/errors';

const NY = 'America/New_York';
const HOUR = 3600_000;
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('scheduled broadcasts', () => {
  it('go out at their time or inside their window at the next start, to the audience as it is then', async () => {
    const start = DateTime.fromISO('2026-06-15T09:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY } });
    const harness = h;
    const staffId = insertStaff(h.db, { username: 'm', displayName: 'M', role: 'manager', passwordHash: 'x', createdAt: start }).id;
    const service = new BroadcastsService(h.db, h.clock, h.events, () => NY, () => harness.engine);
    const draft = (name: string) =>
      service.createDraft({ name, audience: { tags: ['recall'] }, channelPolicy: { channel: 'email', subject: name, body: `${name} body` }, purpose: 'transactional' }, staffId);
    const a = h.addPatient({ firstName: 'A', email: 'a@example.com', tags: ['recall'] });
    const b = h.addPatient({ firstName: 'B', email: 'b@example.com', tags: ['recall'] });
    h.addPatient({ firstName: 'C', email: 'c@example.com', tags: ['other'] });

    const onTime = service.approve({ id: draft('On time').id, scheduledAt: start + 2 * HOUR }, staffId);
    const inWindow = service.approve({ id: draft('In window').id, scheduledAt: start + 3 * HOUR, windowEndsAt: start + 8 * HOUR }, staffId);
    const tooLate = service.approve({ id: draft('Too late').id, scheduledAt: start + 3 * HOUR, windowEndsAt: start + 4 * HOUR }, staffId);
    const paused = service.approve({ id: draft('Paused').id, scheduledAt: start + 3 * HOUR }, staffId);
    service.pause(paused.id);
    expect(() => service.updateDraft({ id: onTime.id, name: 'x' })).toThrow(DomainError);

    // Before its time nothing is sent.
    expect(await h.scheduler.broadcasts.run(h.clock.now())).toBe(0);
    // The audience changes after approval: D joins, B is archived.
    const d = h.addPatient({ firstName: 'D', email: 'd@example.com', tags: ['recall'] });
    updatePatient(h.db, b, { archived: true });

    h.clock.set(start + 2 * HOUR);
    await h.scheduler.broadcasts.run(h.clock.now());
    const recipients = (id: number) =>
      (h?.sqlite.prepare('select patient_id as p from broadcast_recipients where broadcast_id = ? order by patient_id').all(id) as Array<{ p: number }>).map((r) => r.p);
    expect(recipients(onTime.id)).toEqual([a, d]);
    // Everything is queued, nothing delivered yet: still sending until every delivery has finished.
    expect(service.get(onTime.id)).toMatchObject({ status: 'sending', counts: { total: 2, queued: 2, byState: { queued: 2 } } });
    await h.engine.runOnce();
    await h.scheduler.broadcasts.run(h.clock.now());
    expect(service.get(onTime.id)).toMatchObject({ status: 'completed', counts: { total: 2, queued: 2, byState: { queued: 0, sending: 0 } } });
    expect(service.get(inWindow.id).status).toBe('scheduled');

    // The app is closed from 10:30 to 16:00; at start-up the one still inside its window goes,
    // the one whose window ended is cancelled, the paused one waits.
    await h.close();
    h.clock.set(start + 7 * HOUR);
    h = openHarness({ start: h.clock.now(), dir: harness.dir });
    await h.scheduler.runner.runNow('broadcasts.send');
    const after = new BroadcastsService(h.db, h.clock, h.events, () => NY, () => null);
    expect(after.get(inWindow.id)).toMatchObject({ status: 'sending', counts: { queued: 2 } });
    await h.engine.runOnce();
    await h.scheduler.broadcasts.run(h.clock.now());
    expect(after.get(inWindow.id)).toMatchObject({ status: 'completed', counts: { queued: 2 } });
    expect(after.get(tooLate.id)).toMatchObject({ status: 'cancelled', counts: { total: 0 } });
    expect(after.get(paused.id)).toMatchObject({ status: 'paused', counts: { total: 0 } });
    expect(h.emitted.filter((e) => e.name === 'broadcast.progress').map((e) => (e.payload as { broadcastId: number }).broadcastId)).toEqual(
      expect.arrayContaining([inWindow.id, tooLate.id]),
    );
    // One message per recipient and broadcast, whatever runs again.
    await h.scheduler.broadcasts.run(h.clock.now());
    const keys = h.sqlite.prepare(`select dedupe_key as k from messages where origin = 'broadcast' order by dedupe_key`).all() as Array<{ k: string }>;
    expect(keys.map((k) => k.k)).toEqual([`broadcast:${onTime.id}:${a}`, `broadcast:${onTime.id}:${d}`, `broadcast:${inWindow.id}:${a}`, `broadcast:${inWindow.id}:${d}`].sort());
  });
});
