/**
 * Broadcast progress by delivery state and completion: counts follow each recipient's latest
 * delivery; the engine's delivery.updated events push broadcast.progress (no sender run needed);
 * a broadcast with quiet-hours holds stays `sending` until they go out, or ends `cancelled`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DateTime } from 'luxon';
import { sql } from 'drizzle-orm';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { BroadcastsService } from './broadcasts-service';
import { insertStaff } from '../repos/staff-repo';
import { latestDeliveryStatesSql } from './broadcasts-repo';

const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
let h: Harness | null = null;
let service: BroadcastsService | null = null;
afterEach(async () => {
  service?.close();
  service = null;
  await h?.dispose();
  h = null;
});

type Progress = { broadcastId: number; status: string; byState: Record<string, number>; excludedBy: Record<string, number> };

function setup() {
  // 10:00 in New York is 23:00 in Tokyo: inside the default quiet hours (21:00–08:00).
  const start = DateTime.fromISO('2026-06-02T10:00', { zone: NY }).toMillis();
  h = openHarness({ start, clinic: { timeZone: NY } });
  const harness = h;
  const staffId = insertStaff(h.db, { username: 'mgr', displayName: 'Manager', role: 'manager', passwordHash: 'x', createdAt: start }).id;
  service = new BroadcastsService(h.db, h.clock, h.events, () => NY, () => harness.engine, () => undefined, () => harness.clinic.get(), h.logger);
  for (let i = 0; i < 3; i++) h.addPatient({ firstName: `Day${i}`, phone: `+1212555${7000 + i}`, timeZone: NY, tags: ['flu'] });
  for (let i = 0; i < 2; i++) h.addPatient({ firstName: `Night${i}`, phone: `+1212555${7100 + i}`, timeZone: TOKYO, tags: ['flu'] });
  h.addPatient({ firstName: 'NoPhone', tags: ['flu'] });
  const svc = service;
  const send = async (name: string) => {
    const draft = svc.createDraft({ name, audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms', body: `${name}: flu shots this week.` }, purpose: 'transactional' }, staffId);
    svc.approve({ id: draft.id }, staffId);
    await harness.scheduler.broadcasts.run(harness.clock.now());
    return draft.id;
  };
  const lastProgress = (id: number) =>
    harness.emitted
      .filter((e) => e.name === 'broadcast.progress')
      .map((e) => e.payload as Progress)
      .filter((p) => p.broadcastId === id)
      .at(-1);
  return { harness, svc, send, lastProgress };
}

describe('broadcast progress by delivery state', () => {
  it('the preview splits the audience as the send does: sent now per channel, held for quiet hours, excluded with the reason', () => {
    const { svc } = setup();
    expect(svc.previewAudience({ audience: { tags: ['flu'] }, channel: 'sms', purpose: 'transactional' })).toMatchObject({
      count: 6,
      // Five patients with a phone, each their own: five messages.
      addresses: 5,
      breakdown: { byChannel: { sms: 3 }, held: [{ reason: 'quiet_hours', count: 2 }], excluded: [{ reason: 'no_contact_point', count: 1 }] },
    });
    // Emergency: quiet hours do not apply.
    expect(svc.previewAudience({ audience: { tags: ['flu'] }, channel: 'sms', purpose: 'transactional', emergency: true }).breakdown).toMatchObject({ byChannel: { sms: 5 }, held: [] });
  });

  it('follows deliveries as the engine reports them and completes only once the quiet-hours holds have gone out', async () => {
    const { harness, svc, send, lastProgress } = setup();
    const id = await send('Flu');
    expect(svc.get(id)).toMatchObject({
      status: 'sending',
      counts: { total: 6, queued: 5, excluded: 1, pending: 0, byState: { queued: 3, held: 2, delivered: 0 }, excludedBy: { no_contact_point: 1 } },
    });

    // The engine delivers the three (sandbox); its events alone update and push the progress.
    await harness.engine.runOnce();
    await vi.waitFor(() => expect(lastProgress(id)?.byState).toMatchObject({ queued: 0, sending: 0, delivered: 3, held: 2 }));
    expect(lastProgress(id)).toMatchObject({ status: 'sending', excludedBy: { no_contact_point: 1 } });
    // A sender run does not complete it either: two are still held.
    await harness.scheduler.broadcasts.run(harness.clock.now());
    expect(svc.get(id).status).toBe('sending');

    // 08:00 in Tokyo: the held ones go out, and the delivery events complete the broadcast.
    const until = harness.sqlite.prepare("select max(next_attempt_at) as t from deliveries where state = 'held'").get() as { t: number };
    expect(DateTime.fromMillis(until.t, { zone: TOKYO }).toFormat('HH:mm')).toBe('08:00');
    harness.clock.set(until.t + 1000);
    await harness.engine.runOnce();
    await vi.waitFor(() => expect(lastProgress(id)?.status).toBe('completed'));
    expect(svc.get(id)).toMatchObject({ status: 'completed', completedAt: until.t + 1000, counts: { byState: { delivered: 5, held: 0, queued: 0 }, excludedBy: { no_contact_point: 1 } } });
  });

  it('cancelling a broadcast whose holds are waiting cancels them: cancelled, never completed', async () => {
    const { harness, svc, send } = setup();
    const id = await send('Flu');
    await harness.engine.runOnce();
    const cancelled = svc.cancel(id);
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { byState: { delivered: 3, held: 0, cancelled: 2 } } });
    harness.clock.advance(24 * 3600_000);
    await harness.engine.runOnce();
    await harness.scheduler.broadcasts.run(harness.clock.now());
    expect(svc.get(id)).toMatchObject({ status: 'cancelled', counts: { byState: { delivered: 3, cancelled: 2 } } });
  });

  it('counts the latest delivery of each message, through the indexes (no full scan of deliveries)', async () => {
    const { harness, send } = setup();
    const id = await send('Flu');
    // A fallback delivery replaces the first one in the counts.
    const first = harness.sqlite.prepare("select d.id, d.message_id as m from deliveries d where d.state = 'queued' order by d.id limit 1").get() as { id: number; m: number };
    harness.sqlite.prepare("update deliveries set state = 'failed' where id = ?").run(first.id);
    harness.sqlite
      .prepare("insert into deliveries (message_id, channel, address, provider, state, fallback_of_delivery_id, created_at, updated_at) values (?, 'email', 'x@example.com', 'sandbox', 'sent', ?, 0, 0)")
      .run(first.m, first.id);
    const rows = harness.db.all<{ state: string; n: number }>(latestDeliveryStatesSql(id));
    expect(Object.fromEntries(rows.map((r) => [r.state, r.n]))).toEqual({ queued: 2, held: 2, sent: 1 });
    const plan = harness.db.all<{ detail: string }>(sql`explain query plan ${latestDeliveryStatesSql(id)}`).map((r) => r.detail);
    expect(plan.some((d) => /SCAN (d|d2|deliveries)\b/.test(d))).toBe(false);
    expect(plan.some((d) => d.includes('broadcast_recipients_uq'))).toBe(true);
  });
});
