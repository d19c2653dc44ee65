import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../foundation/clock';
import { cachedSources } from '../db/sql-cache';
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
});
