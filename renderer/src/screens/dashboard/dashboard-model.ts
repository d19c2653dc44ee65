/** Turns the stats answer into what the charts and figures show. Pure, so it is tested alone. */
import { DateTime } from 'luxon';
import type { Channel } from '../../../../shared/domain';
import { CHANNELS } from '../../../../shared/domain';
import { formatDayMonth, formatTime, type Where } from '../../../../shared/datetime';
import { estimateSmsCostUsd, formatUsd } from '../inbox/pricing';
import type { DashboardStats, DashboardStatsInput } from './stats-shape';

export type RangeKey = '24h' | '7d' | '30d';

export const CHANNEL_COLORS: Record<Channel, string> = { sms: '#2d72d2', whatsapp: '#238551', email: '#c87619', voice: '#7961db' };
export const STATE_COLORS = { delivered: '#238551', failed: '#cd4246', held: '#d1980b', sent: '#8f99a8' };

/** The period a range covers, ending now, in whole clinic-local hours or days. */
export function rangeInput(range: RangeKey, now: number, zone: string): DashboardStatsInput {
  const local = DateTime.fromMillis(now, { zone });
  if (range === '24h') {
    const end = local.startOf('hour').plus({ hours: 1 });
    return { from: end.minus({ hours: 24 }).toMillis(), to: end.toMillis(), bucket: 'hour' };
  }
  const days = range === '7d' ? 7 : 30;
  const end = local.startOf('day').plus({ days: 1 });
  return { from: end.minus({ days }).toMillis(), to: end.toMillis(), bucket: 'day' };
}

export interface ChartModel {
  labels: string[];
  sentByChannel: Array<{ channel: Channel; values: number[] }>;
  delivered: number[];
  failed: number[];
  held: number[];
}

export function chartModel(stats: DashboardStats, bucket: 'hour' | 'day', where: Where): ChartModel {
  const starts = [...new Set(stats.series.map((p) => p.start))].sort((a, b) => a - b);
  const index = new Map(starts.map((s, i) => [s, i]));
  const zeros = () => starts.map(() => 0);
  const perChannel = new Map<Channel, number[]>();
  const delivered = zeros();
  const failed = zeros();
  const held = zeros();
  for (const p of stats.series) {
    const i = index.get(p.start);
    if (i === undefined) continue;
    const values = perChannel.get(p.channel) ?? zeros();
    values[i] = (values[i] ?? 0) + p.sent;
    perChannel.set(p.channel, values);
    delivered[i] = (delivered[i] ?? 0) + p.delivered;
    failed[i] = (failed[i] ?? 0) + p.failed;
    held[i] = (held[i] ?? 0) + p.held;
  }
  const labels = starts.map((s) => (bucket === 'hour' ? formatTime(s, where) : formatDayMonth(s, where)));
  const sentByChannel = CHANNELS.filter((c) => perChannel.has(c)).map((channel) => ({ channel, values: perChannel.get(channel) ?? zeros() }));
  return { labels, sentByChannel, delivered, failed, held };
}

export interface Figures {
  sent: number;
  delivered: number;
  failed: number;
  held: number;
  /** Delivered ÷ (delivered + failed), null without any final outcome. */
  deliveryRate: number | null;
  confirmationRate: number | null;
  optOuts: number;
  /** Provider-reported cost when every channel with sends reports it, else our SMS estimate. */
  cost: { amount: number; unit: string; estimated: boolean; sandbox: boolean };
}

/** "free (sandbox)" when only the sandbox sent anything; otherwise the amount. */
export function costText(cost: Figures['cost']): string {
  if (cost.sandbox) return 'free (sandbox)';
  return cost.unit === 'USD' ? formatUsd(cost.amount) : `${cost.amount.toFixed(2)} ${cost.unit}`;
}

export function figures(stats: DashboardStats): Figures {
  const sum = (pick: (c: DashboardStats['byChannel'][number]) => number) => stats.byChannel.reduce((a, c) => a + pick(c), 0);
  const sent = sum((c) => c.sent);
  const delivered = sum((c) => c.delivered);
  const failed = sum((c) => c.failed);
  const held = sum((c) => c.held);
  const priced = stats.byChannel.filter((c) => c.sent > 0);
  const reported = priced.length > 0 && priced.every((c) => c.cost !== null);
  const unit = priced.find((c) => c.costUnit)?.costUnit ?? 'USD';
  // The sandbox never leaves the app: nothing was charged, whatever the segments.
  const sandbox = stats.providers.length > 0 && stats.providers.every((p) => p === 'sandbox');
  const cost = sandbox
    ? { amount: 0, unit: 'USD', estimated: false, sandbox }
    : reported
      ? { amount: priced.reduce((a, c) => a + Math.abs(c.cost ?? 0), 0), unit, estimated: false, sandbox }
      : { amount: estimateSmsCostUsd(sum((c) => c.segments ?? 0)), unit: 'USD', estimated: true, sandbox };
  return {
    sent,
    delivered,
    failed,
    held,
    deliveryRate: delivered + failed > 0 ? delivered / (delivered + failed) : null,
    confirmationRate: stats.confirmations.reminded > 0 ? stats.confirmations.confirmed / stats.confirmations.reminded : null,
    optOuts: stats.optOuts.reduce((a, o) => a + o.count, 0),
    cost,
  };
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
