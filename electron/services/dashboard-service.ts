/** The dashboard's figures over a period, in clinic-local hour or day buckets. */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import {
  confirmationCounts,
  costByChannel,
  providersUsed,
  deliveryCountsByHour,
  optOutCounts,
  topFailureReasons,
  type DeliveryMetric,
} from '../repos/dashboard-queries';
import { CHANNELS, type Channel } from '../../shared/domain';
import type { DashboardStats, DashboardStatsInput } from '../../shared/contract/dashboard';

const METRICS: DeliveryMetric[] = ['sent', 'delivered', 'failed', 'held'];
type Counts = Record<DeliveryMetric, number>;
const zero = (): Counts => ({ sent: 0, delivered: 0, failed: 0, held: 0 });

/** Bucket starts covering [from, to) on clinic-local boundaries (DST-aware: a local day may be 23 or 25 hours). */
export function bucketStarts(from: number, to: number, bucket: 'hour' | 'day', zone: string): number[] {
  const starts: number[] = [];
  let t = DateTime.fromMillis(from, { zone }).startOf(bucket);
  while (t.toMillis() < to) {
    starts.push(t.toMillis());
    t = t.plus(bucket === 'hour' ? { hours: 1 } : { days: 1 });
  }
  return starts;
}

/** Index of the last bucket starting at or before `instant` (binary search). */
function bucketIndex(starts: number[], instant: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= instant) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class DashboardService {
  constructor(
    private readonly db: AppDb,
    private readonly clinicTimeZone: () => string,
  ) {}

  stats(input: DashboardStatsInput): DashboardStats {
    const { from, to, bucket } = input;
    const starts = bucketStarts(from, to, bucket, this.clinicTimeZone());
    const grid = new Map<Channel, Counts[]>(CHANNELS.map((c) => [c, starts.map(zero)]));
    const totals = new Map<Channel, Counts>(CHANNELS.map((c) => [c, zero()]));
    for (const metric of METRICS) {
      for (const row of deliveryCountsByHour(this.db, metric, from, to)) {
        const cell = grid.get(row.channel)?.[bucketIndex(starts, row.hour * 3_600_000)];
        const total = totals.get(row.channel);
        if (!cell || !total) continue;
        cell[metric] += row.n;
        total[metric] += row.n;
      }
    }
    const money = new Map(costByChannel(this.db, from, to).map((r) => [r.channel, r]));
    return {
      series: starts.flatMap((start, i) => CHANNELS.map((channel) => ({ start, channel, ...(grid.get(channel)?.[i] ?? zero()) }))),
      byChannel: CHANNELS.map((channel) => {
        const m = money.get(channel);
        return {
          channel,
          ...(totals.get(channel) ?? zero()),
          segments: channel === 'sms' || channel === 'whatsapp' ? (m?.segments ?? 0) : null,
          cost: m?.cost ?? null,
          costUnit: m?.costUnit ?? null,
        };
      }),
      confirmations: confirmationCounts(this.db, from, to),
      optOuts: optOutCounts(this.db, from, to),
      providers: providersUsed(this.db, from, to),
      topFailureReasons: topFailureReasons(this.db, from, to),
    };
  }
}
