/**
 * A broadcast's messages are indexed for search after the broadcast is queued, not in its
 * queueing slices: they are found by search once the catch-up has run, and a crash between
 * queueing and the end of the catch-up loses nothing, because the watermark left in the store
 * says which rows still wait and the next run (the job also runs at start) finishes them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { BroadcastsService } from './broadcasts-service';
import { createBroadcastSender } from './broadcast-sender';
import { insertStaff } from '../repos/staff-repo';
import { searchMessages } from '../repos/search-queries';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

class Crash extends Error {}

function setUp(harness: Harness, patients: number) {
  const staffId = insertStaff(harness.db, { username: 'mgr', displayName: 'Manager', role: 'manager', passwordHash: 'x', createdAt: harness.clock.now() }).id;
  const broadcasts = new BroadcastsService(harness.db, harness.clock, harness.events, () => NY, () => harness.engine, () => undefined, () => harness.clinic.get());
  for (let i = 0; i < patients; i++) harness.addPatient({ firstName: `P${i}`, phone: `+1212555${String(1000 + i)}`, timeZone: NY, tags: ['flu'] });
  const approve = (body: string) => {
    const draft = broadcasts.createDraft({ name: 'Flu', audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms', body }, purpose: 'transactional' }, staffId);
    broadcasts.approve({ id: draft.id }, staffId);
    return draft.id;
  };
  return { approve };
}

const broadcastMessageIds = (x: Harness) => (x.sqlite.prepare(`select id from messages where origin = 'broadcast' order by id`).all() as Array<{ id: number }>).map((r) => r.id);
const found = (x: Harness, word: string) => searchMessages(x.db, word, { order: 'newest', limit: 1_000 }).map((m) => m.messageId).sort((a, b) => a - b);
const ftsIntact = (x: Harness) => () => x.sqlite.prepare(`insert into messages_fts(messages_fts, rank) values ('integrity-check', 1)`).run();

describe('search after a broadcast', () => {
  it('finds every message of a queued broadcast once the catch-up has run, and none is indexed inside the queueing slices', async () => {
    const start = DateTime.fromISO('2026-12-01T11:00', { zone: NY }).toMillis();
    const harness = openHarness({ start, clinic: { timeZone: NY } });
    h = harness;
    const { approve } = setUp(harness, 30);
    approve('Flu shots are in this week. Reply STOP to opt out.');
    let atFirstStep: number[] | null = null;
    const sender = createBroadcastSender({
      db: harness.db,
      messaging: harness.engine,
      events: harness.events,
      logger: harness.logger,
      clinicTimeZone: () => NY,
      clinicRules: () => harness.clinic.get(),
      batchSize: 7,
      searchIndexRowsPerStep: 4,
      betweenSearchIndexSteps: async () => {
        atFirstStep ??= found(harness, 'flu');
      },
    });
    await sender.run(harness.clock.now());
    const ids = broadcastMessageIds(harness);
    expect(ids).toHaveLength(30);
    // After the first step of four rows, only those four are searchable.
    expect(atFirstStep).toEqual(ids.slice(0, 4));
    expect(found(harness, 'flu')).toEqual(ids);
    expect(harness.sqlite.prepare('select count(*) as n from search_index_deferrals').get()).toEqual({ n: 0 });
    expect(ftsIntact(harness)).not.toThrow();
    // Back on the per-row triggers: a message written now is found at once.
    const reply = harness.engine.queue({ to: { address: '+12125551000', channel: 'sms' }, origin: 'system', purpose: 'transactional', body: 'Parking is free on Friday' });
    expect(reply.status).toBe('queued');
    expect(found(harness, 'parking')).toHaveLength(1);
  });

  it('loses nothing from the index when the app dies during the catch-up: the next run indexes what was left', async () => {
    const start = DateTime.fromISO('2026-12-01T11:00', { zone: NY }).toMillis();
    const first = openHarness({ start, clinic: { timeZone: NY } });
    h = first;
    const { approve } = setUp(first, 25);
    approve('The clinic is closed on Friday for floods.');
    const sender = createBroadcastSender({
      db: first.db,
      messaging: first.engine,
      events: first.events,
      logger: first.logger,
      clinicTimeZone: () => NY,
      clinicRules: () => first.clinic.get(),
      searchIndexRowsPerStep: 10,
      betweenSearchIndexSteps: () => Promise.reject(new Crash('the app died here')),
    });
    await expect(sender.run(first.clock.now())).rejects.toBeInstanceOf(Crash);
    const ids = broadcastMessageIds(first);
    expect(ids).toHaveLength(25);
    expect(found(first, 'floods')).toEqual(ids.slice(0, 10));

    // The restart: the same files, the scheduler's own sender (the job runs at start).
    const second = await first.restart();
    h = second;
    expect(second.sqlite.prepare('select after_id as afterId from search_index_deferrals').all()).toEqual([{ afterId: ids[9] }]);
    expect(found(second, 'floods')).toEqual(ids.slice(0, 10));
    await second.scheduler.broadcasts.run(second.clock.now());
    expect(found(second, 'floods')).toEqual(ids);
    expect(second.sqlite.prepare('select count(*) as n from search_index_deferrals').get()).toEqual({ n: 0 });
    expect(ftsIntact(second)).not.toThrow();
    // Exactly once across the restart: no second message to anyone.
    expect(broadcastMessageIds(second)).toEqual(ids);
  });
});
