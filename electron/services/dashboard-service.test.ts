/** Dashboard figures from real delivery rows, bucketed on clinic-local days across a DST change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { bucketStarts } from './dashboard-service';
import { ensurePatientConversation } from '../repos/conversations-repo';
import { consentEvents, deliveries, messages } from '../db/schema';

let t: TestCore;
// America/New_York: DST starts 2026-03-08 02:00 local (a 23-hour day).
const day = (d: number, h = 12) => Date.UTC(2026, 2, d, h + 4);

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const p = await t.must('patients.create', { firstName: 'Dana', lastName: 'Stat', contactPoints: [{ kind: 'phone', value: '+12025550143' }] });
  const conv = ensurePatientConversation(t.core.db, p.id, day(1));
  const add = (channel: 'sms' | 'email', state: 'delivered' | 'failed' | 'held' | 'sent', at: number, extra: Partial<typeof deliveries.$inferInsert> = {}) => {
    const m = t.core.db
      .insert(messages)
      .values({ conversationId: conv.id, patientId: p.id, direction: 'outbound', channel, address: 'x', body: 'b', origin: 'staff', createdAt: at })
      .returning({ id: messages.id })
      .get();
    t.core.db
      .insert(deliveries)
      .values({
        messageId: m.id,
        channel,
        address: 'x',
        provider: 'sandbox',
        state,
        createdAt: at,
        updatedAt: at,
        sentAt: state === 'held' ? null : at,
        finalAt: state === 'delivered' || state === 'failed' ? at + 60_000 : null,
        ...extra,
      })
      .run();
  };
  add('sms', 'delivered', day(7), { segments: 2, price: -0.0079, priceUnit: 'USD' });
  add('sms', 'delivered', day(8), { segments: 1, price: -0.0079, priceUnit: 'USD' });
  add('sms', 'failed', day(8), { reasonCode: 'invalid_number' });
  add('email', 'delivered', day(8, 23) + 30 * 60_000);
  add('sms', 'held', day(9), { reasonCode: 'quiet_hours' });
  add('sms', 'delivered', day(20));
  t.core.db.insert(consentEvents).values({ patientId: p.id, channel: 'sms', purpose: 'transactional', status: 'opted_out', source: 'sms_keyword', createdAt: day(8) }).run();
});
afterAll(async () => {
  await t.dispose();
});

describe('dashboard.stats', () => {
  it('local day buckets follow daylight saving (a 23-hour day on the change)', () => {
    const starts = bucketStarts(day(7), day(10), 'day', 'America/New_York');
    expect(starts.map((s, i) => (starts[i + 1] ?? s) - s).slice(0, 3)).toEqual([86_400_000, 23 * 3_600_000, 86_400_000]);
  });

  it('counts sends, deliveries, failures and holds per channel and local day, with cost, opt-outs and reasons', async () => {
    const stats = await t.must('dashboard.stats', { from: Date.UTC(2026, 2, 7, 5), to: Date.UTC(2026, 2, 10, 4), bucket: 'day' });
    const sms = stats.series.filter((s) => s.channel === 'sms').map(({ sent, delivered, failed, held }) => [sent, delivered, failed, held]);
    expect(sms).toEqual([
      [1, 1, 0, 0],
      [2, 1, 1, 0],
      [0, 0, 0, 1],
    ]);
    // 23:30 local on March 8 is March 9 in UTC, but belongs to the clinic's March 8.
    expect(stats.series.filter((s) => s.channel === 'email').map((s) => s.delivered)).toEqual([0, 1, 0]);
    expect(stats.byChannel.find((c) => c.channel === 'sms')).toMatchObject({ sent: 3, delivered: 2, failed: 1, held: 1, segments: 3, costUnit: 'USD' });
    expect(stats.byChannel.find((c) => c.channel === 'sms')?.cost).toBeCloseTo(0.0158, 6);
    expect(stats.byChannel.find((c) => c.channel === 'email')?.segments).toBeNull();
    expect(stats.optOuts).toEqual([{ channel: 'sms', count: 1 }]);
    expect(stats.topFailureReasons).toEqual([{ reasonCode: 'invalid_number', count: 1 }]);
    // Only the sandbox sent anything: the screen says it was free.
    expect(stats.providers).toEqual(['sandbox']);
  });

  it('refuses an inverted period or too many buckets', async () => {
    expect(await t.call('dashboard.stats', { from: day(9), to: day(8), bucket: 'day' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await t.call('dashboard.stats', { from: day(1), to: day(1) + 500 * 3_600_000, bucket: 'hour' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
