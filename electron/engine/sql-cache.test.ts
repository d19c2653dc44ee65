import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../foundation/clock';
import { cachedSources } from '../db/sql-cache';
import { queryPlan } from '../db/test-db';
import { addConsent, addPatient, drain, makeEngineFixture, type EngineFixture } from './test-support';

let fx: EngineFixture | null = null;
afterEach(async () => {
  await fx?.dispose();
  fx = null;
});

const NOON_NY = Date.UTC(2026, 0, 15, 15, 0, 0);
/** Tables that grow with every message: a full scan of one of them on a hot path is a bug. */
const BIG = /\bSCAN (deliveries|messages|delivery_attempts|consent_events|contact_points|patients|suppressions)\b(?! USING)/;

describe('cached engine statements', () => {
  it('compare indexed columns with +? (no re-prepare per binding) and still search their indexes', async () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const a = addPatient(fx.db, { phone: '+12125550101', email: 'a@example.com', channelOrder: ['sms', 'email'] });
    const b = addPatient(fx.db, { phone: '+12125550102' });
    addConsent(fx.db, b, 'sms', 'marketing', 'opted_in');
    const first = fx.engine.queue({ to: { patientId: a }, origin: 'staff', purpose: 'transactional', body: 'Hello' });
    fx.engine.queue({ to: { patientId: b }, origin: 'broadcast', purpose: 'marketing', body: 'News' });
    await drain(fx);
    if (first.status === 'queued') fx.engine.deliveryStatus({ messageId: first.messageId });
    fx.engine.cancelQueuedFor({ channel: 'sms', address: '+12125550102' });

    const sources = cachedSources(fx.db);
    expect(sources.length).toBeGreaterThan(10);
    // A bare `column = ?` after WHERE/ON brings back the per-binding re-prepare.
    const bare = sources.filter((s) => /\b(where|on|and)\b[^;]*?[a-z_.]+ = \?(?!\s*=)/i.test(s.replace(/\bset\b.*?\bwhere\b/is, 'where')));
    expect(bare).toEqual([]);
    for (const source of sources) {
      const params = (source.match(/\?/g) ?? []).length;
      const plan = fx.db.$client.prepare(`explain query plan ${source}`).all(...Array.from({ length: params }, () => 1)) as Array<{ detail: string }>;
      expect({ source, scans: plan.map((p) => p.detail).filter((d) => BIG.test(d)) }).toEqual({ source, scans: [] });
    }
  });

  it("count a patient's deliveries for the daily cap through their messages, not through every delivery due that day", async () => {
    // With the due index, each of the patient's messages walked every queued delivery due today: a
    // second broadcast on the day of a 50,000-recipient one took seconds per 500 recipients.
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY), clinic: { dailyCap: 3 } });
    const ids = [addPatient(fx.db, { phone: '+12125550101' }), addPatient(fx.db, { phone: '+12125550102' })];
    fx.engine.queue({ to: { patientId: ids[0] as number }, origin: 'staff', purpose: 'transactional', body: 'One' });
    await fx.engine.queueBatch(ids.map((id) => ({ to: { patientId: id }, origin: 'broadcast' as const, purpose: 'transactional' as const, body: 'Two', dedupeKey: `b:${id}` })));
    const capCounts = cachedSources(fx.db).filter((s) => /count\(\*\) n from messages m cross join deliveries d/.test(s));
    expect(capCounts.length).toBeGreaterThanOrEqual(4);
    for (const source of capCounts) {
      const params = (source.match(/\?/g) ?? []).length;
      const plan = (fx.db.$client.prepare(`explain query plan ${source}`).all(...Array.from({ length: params }, () => 1)) as Array<{ detail: string }>).map((p) => p.detail);
      expect({ source, d: plan.filter((d) => /\b(SEARCH|SCAN) d\b/.test(d)) }).toEqual({ source, d: [expect.stringContaining('USING INDEX deliveries_message_idx')] });
    }
  });

  it('serve the hot reads from the index meant for each, with the queue-time indexes partial', async () => {
    fx = makeEngineFixture({ clock: new FakeClock(NOON_NY) });
    const a = addPatient(fx.db, { phone: '+12125550101' });
    await fx.engine.queueBatch([{ to: { patientId: a }, origin: 'broadcast', purpose: 'transactional', body: 'Closed Friday', dedupeKey: 'b:1' }]);
    // Each reader as the app writes it (engine-repo, holds-repo, attempts-repo, threads-repo,
    // inbox-queries, dashboard-queries, results-repo), and the index its plan must search.
    const reads: Array<[string, string, unknown[]]> = [
      ["select * from deliveries where state in ('queued','held') and next_attempt_at <= ? order by next_attempt_at, id limit ?", 'deliveries_due_idx', [1, 50]],
      ["select * from deliveries where state = 'sent' and next_attempt_at <= ? order by next_attempt_at, id limit ?", 'deliveries_due_idx', [1, 50]],
      ["select next_attempt_at t, provider from deliveries where state = 'sent' and next_attempt_at is not null order by next_attempt_at limit 1", 'deliveries_due_idx', []],
      ["select provider, channel, sum(coalesce(segments, 1)) segments from deliveries where state = 'queued' and next_attempt_at <= ? group by provider, channel", 'deliveries_due_idx', [1]],
      ['select min(next_attempt_at) t from deliveries where state = +? and channel = +? and next_attempt_at is not null', 'deliveries_due_channel_idx', ['queued', 'sms']],
      [
        "update deliveries set next_attempt_at = ? where state = 'held' and channel = +? and address = +? and id < ? and next_attempt_at > ? and reason_code in ('quiet_hours','daily_cap')",
        'deliveries_address_idx',
        [1, 'sms', '+12125550101', 9, 1],
      ],
      ['select 1 from delivery_attempts where provider_id = +? and id != ? limit 1', 'delivery_attempts_provider_id_idx', ['SM1', 1]],
      ['select id from messages where provider_message_id = +?', 'messages_provider_id_uq', ['SM1']],
      ['select id from messages where dedupe_key = +?', 'messages_dedupe_uq', ['b:1']],
      ['select id, body from messages where conversation_id = ? and id < ? order by id desc limit 50', 'messages_conversation_idx', [1, 100]],
      ['select group_concat(distinct m.channel) from messages m where m.conversation_id = ?', 'messages_conversation_channel_idx', [1]],
      ['select count(*) from deliveries where sent_at >= ? and sent_at < ?', 'deliveries_sent_at_idx', [0, 1]],
      ['select d.sent_at, d.final_at, d.state from messages m join deliveries d on d.message_id = m.id where m.broadcast_id = ?', 'messages_broadcast_idx', [1]],
    ];
    for (const [source, index, params] of reads) {
      const plan = queryPlan(fx.db.$client, source, ...params);
      expect({ source, plan }).toEqual({ source, plan: expect.stringContaining(`INDEX ${index} `) });
    }
  });
});
