/**
 * A broadcast queued in bulk is searchable by word as soon as queueBatch returns: its bodies are
 * indexed set-based at the end of each slice (repos/search-deferred-index.ts), in the same
 * transaction, so no slice commits a message the index does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../foundation/clock';
import { searchMessages } from '../repos/search-queries';
import { addPatient, makeEngineFixture, type EngineFixture } from './test-support';

let fx: EngineFixture;
beforeAll(() => {
  fx = makeEngineFixture({ clock: new FakeClock(Date.UTC(2026, 0, 15, 15, 0)) });
});
afterAll(() => fx.dispose());

describe('search after a bulk queue', () => {
  it('finds every message of a broadcast by a word of its body right after queueing, across slices', async () => {
    const ids = Array.from({ length: 1_203 }, (_, i) => addPatient(fx.db, { firstName: `P${i}`, phone: `+1212555${String(1000 + i).padStart(4, '0')}` }));
    const earlier = fx.engine.queue({ to: { patientId: ids[0] as number }, origin: 'system', purpose: 'transactional', body: 'An earlier note about parking' });
    expect(earlier.status).toBe('queued');
    const outcomes = await fx.engine.queueBatch(
      ids.map((id) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: 'The clinic is closed on Friday for floods', broadcastId: null, dedupeKey: `b:${id}` })),
    );
    const queued = outcomes.flatMap((o) => (o.status === 'queued' ? [o.messageId] : []));
    expect(queued).toHaveLength(ids.length);
    const hits = searchMessages(fx.db, 'flood', { order: 'newest', limit: 2_000 });
    expect(hits.map((h) => h.messageId).sort((a, b) => a - b)).toEqual([...queued].sort((a, b) => a - b));
    expect(searchMessages(fx.db, 'parking', { order: 'newest', limit: 10 })).toHaveLength(1);
    const s = fx.db.$client;
    expect(() => s.prepare(`insert into messages_fts(messages_fts, rank) values ('integrity-check', 1)`).run()).not.toThrow();
    expect(s.prepare('select count(*) as n from search_index_deferrals').get()).toEqual({ n: 0 });
  });
});
