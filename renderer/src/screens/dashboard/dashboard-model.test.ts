import { describe, expect, it } from 'vitest';
import { chartModel, costText, figures, percent, rangeInput } from './dashboard-model';
import type { DashboardStats } from './stats-shape';

const H = 3_600_000;
const t0 = Date.UTC(2026, 0, 15, 10);

const stats: DashboardStats = {
  series: [
    { start: t0, channel: 'sms', sent: 10, delivered: 8, failed: 1, held: 2 },
    { start: t0, channel: 'email', sent: 4, delivered: 4, failed: 0, held: 0 },
    { start: t0 + H, channel: 'sms', sent: 6, delivered: 5, failed: 1, held: 0 },
    { start: t0 + H, channel: 'email', sent: 0, delivered: 0, failed: 0, held: 0 },
  ],
  byChannel: [
    { channel: 'sms', sent: 16, delivered: 13, failed: 2, held: 2, segments: 20, cost: null, costUnit: null },
    { channel: 'email', sent: 4, delivered: 4, failed: 0, held: 0, segments: null, cost: null, costUnit: null },
  ],
  confirmations: { reminded: 8, confirmed: 6 },
  optOuts: [{ channel: 'sms', count: 2 }, { channel: 'email', count: 1 }],
  providers: ['twilio'],
  topFailureReasons: [{ reasonCode: 'invalid_number', count: 2 }],
};

describe('dashboard model', () => {
  it('sums the series per time bucket, per channel for sends and across channels for outcomes', () => {
    const model = chartModel(stats, 'hour', { zone: 'UTC', locale: 'en-GB' });
    expect(model.labels).toEqual(['10:00', '11:00']);
    // An American clinic reads its own clock, in its own zone.
    expect(chartModel(stats, 'hour', { zone: 'America/New_York', locale: 'en-US' }).labels.map((l) => l.replace(/\s/g, ' '))).toEqual(['5:00 AM', '6:00 AM']);
    expect(chartModel(stats, 'day', { zone: 'UTC', locale: 'en-US' }).labels).toEqual(['Jan 15', 'Jan 15']);
    expect(model.sentByChannel).toEqual([
      { channel: 'sms', values: [10, 6] },
      { channel: 'email', values: [4, 0] },
    ]);
    expect(model.delivered).toEqual([12, 5]);
    expect(model.failed).toEqual([1, 1]);
    expect(model.held).toEqual([2, 0]);
  });

  it('rates leave out messages still in flight, and cost falls back to the SMS segment estimate', () => {
    const f = figures(stats);
    expect(f.sent).toBe(20);
    expect(f.deliveryRate).toBeCloseTo(17 / 19);
    expect(f.confirmationRate).toBe(0.75);
    expect(f.optOuts).toBe(3);
    expect(f.cost.estimated).toBe(true);
    expect(f.cost.amount).toBeCloseTo(20 * 0.0079);
    expect(percent(0.75)).toBe('75%');
    expect(percent(null)).toBe('—');
  });

  it('says the sandbox is free instead of a zero amount', () => {
    const f = figures({ ...stats, providers: ['sandbox'] });
    expect(f.cost).toMatchObject({ sandbox: true, amount: 0 });
    expect(costText(f.cost)).toBe('free (sandbox)');
    const mixed = figures({ ...stats, providers: ['sandbox', 'twilio'] });
    expect(mixed.cost.sandbox).toBe(false);
    expect(costText(mixed.cost)).toBe('$0.1580');
  });

  it('uses the provider-reported cost when every channel with sends reports one', () => {
    const reported = {
      ...stats,
      byChannel: stats.byChannel.map((c) => ({ ...c, cost: c.channel === 'sms' ? -0.158 : 0, costUnit: 'USD' })),
    };
    const f = figures(reported);
    expect(f.cost).toEqual({ amount: 0.158, unit: 'USD', estimated: false, sandbox: false });
  });

  it('ranges end on the next clinic-local boundary', () => {
    const now = Date.UTC(2026, 0, 15, 14, 25);
    expect(rangeInput('24h', now, 'UTC')).toEqual({ from: Date.UTC(2026, 0, 14, 15), to: Date.UTC(2026, 0, 15, 15), bucket: 'hour' });
    const week = rangeInput('7d', now, 'America/New_York');
    expect(week.bucket).toBe('day');
    expect(week.to - week.from).toBe(7 * 24 * H);
    expect(new Date(week.to).toISOString()).toBe('2026-01-16T05:00:00.000Z');
  });
});
