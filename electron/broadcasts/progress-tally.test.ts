/**
 * The sender's progress while it queues comes from what each batch decided, not a recount
 * (progress-tally.ts): after every batch, its event must say exactly what a full count of the
 * database says — households sharing one message, quiet-hours holds, exclusions by reason, a
 * message an interrupted run had already queued and sent, and deliveries the dispatcher moved
 * between batches (taken from the full count the progress watcher emits).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { BroadcastsService } from './broadcasts-service';
import { insertStaff } from '../repos/staff-repo';
import { createBroadcastSender } from './broadcast-sender';
import { broadcastProgressCounts, findBroadcast } from './broadcasts-repo';
import { progressPayload } from './broadcast-progress';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('broadcast progress while queueing', () => {
  it('after every batch says what a full count says, also when deliveries moved meanwhile', async () => {
    // 10:00 in New York is 23:00 in Tokyo: quiet hours there.
    const start = DateTime.fromISO('2026-06-02T10:00', { zone: NY }).toMillis();
    const harness = openHarness({ start, clinic: { timeZone: NY } });
    h = harness;
    const staffId = insertStaff(harness.db, { username: 'mgr', displayName: 'Manager', role: 'manager', passwordHash: 'x', createdAt: start }).id;
    const service = new BroadcastsService(harness.db, harness.clock, harness.events, () => NY, () => harness.engine);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(harness.addPatient({ firstName: `P${i}`, phone: `+1212555${7000 + i}`, timeZone: NY, tags: ['flu'] }));
    // A family sharing a phone, beyond the first batch: one message for both.
    ids.push(harness.addPatient({ firstName: 'Emma', phone: '+12125557900', timeZone: NY, tags: ['flu'] }));
    ids.push(harness.addPatient({ firstName: 'Noah', phone: '+12125557900', timeZone: NY, tags: ['flu'] }));
    for (let i = 0; i < 2; i++) ids.push(harness.addPatient({ firstName: `Night${i}`, phone: `+1212555${7100 + i}`, timeZone: 'Asia/Tokyo', tags: ['flu'] }));
    ids.push(harness.addPatient({ firstName: 'NoPhone', tags: ['flu'] }));
    // Email only, and the broadcast goes by SMS.
    ids.push(harness.addPatient({ firstName: 'Mail', email: 'mail@example.com', timeZone: NY, tags: ['flu'] }));

    const draft = service.createDraft({ name: 'Flu', audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms', body: 'Flu shots this week.' }, purpose: 'transactional' }, staffId);
    service.approve({ id: draft.id }, staffId);
    // An earlier, interrupted run queued P4's message and it was delivered: the sender finds it a duplicate.
    const earlier = await harness.engine.queue({
      to: { patientId: ids[4] as number },
      channel: 'sms',
      origin: 'broadcast',
      purpose: 'transactional',
      body: 'Flu shots this week.',
      broadcastId: draft.id,
      dedupeKey: `broadcast:${draft.id}:${ids[4]}`,
    });
    expect(earlier.status).toBe('queued');
    await harness.engine.runOnce();

    const progressOf = () =>
      harness.emitted
        .filter((e) => e.name === 'broadcast.progress')
        .map((e) => e.payload as { broadcastId: number })
        .filter((p) => p.broadcastId === draft.id)
        .at(-1);
    let batches = 0;
    const sender = createBroadcastSender({
      db: harness.db,
      messaging: harness.engine,
      events: harness.events,
      logger: harness.logger,
      clinicTimeZone: () => NY,
      clinicRules: () => harness.clinic.get(),
      batchSize: 3,
      progressEveryMs: 0,
      betweenBatches: async () => {
        batches += 1;
        expect(progressOf()).toEqual({ broadcastId: draft.id, status: 'sending', ...broadcastProgressCounts(harness.db, draft.id) });
        if (batches === 2) {
          // The dispatcher sends what is queued so far; the watcher's full count follows.
          expect(await harness.engine.runOnce()).toBeGreaterThan(0);
          const row = findBroadcast(harness.db, draft.id);
          if (row) harness.events.emit('broadcast.progress', progressPayload(harness.db, row));
        }
      },
    });
    await sender.run(harness.clock.now());
    expect(batches).toBeGreaterThanOrEqual(4);
    const final = broadcastProgressCounts(harness.db, draft.id);
    expect(progressOf()).toEqual({ broadcastId: draft.id, status: 'sending', ...final });
    expect(final).toMatchObject({ total: 12, pending: 0, queued: 10, excluded: 2, addresses: 9, patientsCovered: 10, excludedBy: { no_contact_point: 2 } });
    // The earlier message and those the dispatcher sent between batches (the sandbox delivers at once).
    expect(final.byState.delivered).toBeGreaterThan(1);
    expect(final.byState.held).toBe(2);
  });
});

describe('broadcast recipients and their messages', () => {
  it('commit together: a slice that fails leaves neither its messages nor its recipients, and the next run finishes without doubles', async () => {
    const start = DateTime.fromISO('2026-06-02T10:00', { zone: NY }).toMillis();
    const harness = openHarness({ start, clinic: { timeZone: NY } });
    h = harness;
    const staffId = insertStaff(harness.db, { username: 'mgr', displayName: 'Manager', role: 'manager', passwordHash: 'x', createdAt: start }).id;
    const service = new BroadcastsService(harness.db, harness.clock, harness.events, () => NY, () => harness.engine);
    for (let i = 0; i < 7; i++) harness.addPatient({ firstName: `P${i}`, phone: `+1212555${7300 + i}`, timeZone: NY, tags: ['flu'] });
    harness.addPatient({ firstName: 'NoPhone', tags: ['flu'] });
    const draft = service.createDraft({ name: 'Flu', audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms', body: 'Flu shots this week.' }, purpose: 'transactional' }, staffId);
    service.approve({ id: draft.id }, staffId);

    const rows = () => ({
      messages: (harness.sqlite.prepare('select id from messages where broadcast_id = ? order by id').all(draft.id) as Array<{ id: number }>).map((r) => r.id),
      recipients: harness.sqlite.prepare('select state, message_id as messageId from broadcast_recipients where broadcast_id = ? order by id').all(draft.id) as Array<{
        state: string;
        messageId: number | null;
      }>,
    });
    // Every message of the broadcast belongs to a queued recipient, and every queued recipient's message exists.
    const consistent = () => {
      const { messages, recipients } = rows();
      const referenced = new Set(recipients.flatMap((r) => (r.state === 'queued' && r.messageId !== null ? [r.messageId] : [])));
      expect([...referenced].sort((a, b) => a - b)).toEqual(messages);
    };
    let calls = 0;
    let failing = true;
    const sender = (messaging: typeof harness.engine) =>
      createBroadcastSender({ db: harness.db, messaging, events: harness.events, logger: harness.logger, clinicTimeZone: () => NY, clinicRules: () => harness.clinic.get(), batchSize: 3 });
    // The second engine call dies inside its transaction, after the sender wrote its recipients there
    // (as a crash before the commit would).
    const crashing: typeof harness.engine = {
      ...harness.engine,
      queueBatch: (requests, options) =>
        harness.engine.queueBatch(requests, {
          inSlice: (from, outs) => {
            options?.inSlice?.(from, outs);
            // Still inside the slice's transaction: its messages' recipients are written already.
            consistent();
            calls += 1;
            if (failing && calls === 2) throw new Error('disk full');
          },
        }),
    };
    await sender(crashing).run(harness.clock.now());
    expect(calls).toBe(2);
    consistent();
    expect(rows().messages).toHaveLength(3);
    expect(rows().recipients.filter((r) => r.state === 'pending')).toHaveLength(5);
    expect(harness.logger.records.some((e) => e.msg === 'broadcast batch could not be queued')).toBe(true);

    failing = false;
    await sender(crashing).run(harness.clock.now());
    consistent();
    expect(rows().messages).toHaveLength(7);
    expect(broadcastProgressCounts(harness.db, draft.id)).toMatchObject({ total: 8, pending: 0, queued: 7, excluded: 1, excludedBy: { no_contact_point: 1 } });
  });
});
