/**
 * Aggregates behind the dashboard. Counts are grouped in SQL by channel and UTC hour; the
 * service folds hours into clinic-local buckets, so no row-by-row work happens in JavaScript.
 */
import type { AppDb } from '../db/database';
import type { Channel } from '../../shared/domain';

export interface HourCount {
  channel: Channel;
  hour: number;
  n: number;
}

export type DeliveryMetric = 'sent' | 'delivered' | 'failed' | 'held';

const METRIC_SQL: Record<DeliveryMetric, { time: string; where: string }> = {
  sent: { time: 'sent_at', where: 'sent_at is not null' },
  delivered: { time: 'final_at', where: "state in ('delivered', 'read')" },
  failed: { time: 'final_at', where: "state in ('failed', 'undelivered')" },
  held: { time: 'created_at', where: "state = 'held'" },
};

/** Deliveries per channel and UTC hour for one metric, over [from, to). */
export function deliveryCountsByHour(db: AppDb, metric: DeliveryMetric, from: number, to: number): HourCount[] {
  const { time, where } = METRIC_SQL[metric];
  return db.$client
    .prepare(
      `select channel, ${time} / 3600000 as hour, count(*) as n from deliveries
       where ${where} and ${time} >= ? and ${time} < ? group by channel, hour`,
    )
    .all(from, to) as HourCount[];
}

export function costByChannel(db: AppDb, from: number, to: number) {
  return db.$client
    .prepare(
      `select channel, sum(segments) as segments, sum(abs(price)) as cost, max(price_unit) as costUnit
       from deliveries where sent_at >= ? and sent_at < ? group by channel`,
    )
    .all(from, to) as Array<{ channel: Channel; segments: number | null; cost: number | null; costUnit: string | null }>;
}

/** Providers that handed over deliveries in the period. */
export function providersUsed(db: AppDb, from: number, to: number): string[] {
  return (db.$client.prepare('select distinct provider from deliveries where sent_at >= ? and sent_at < ? order by provider').all(from, to) as Array<{ provider: string }>).map((r) => r.provider);
}

export function confirmationCounts(db: AppDb, from: number, to: number): { reminded: number; confirmed: number } {
  return db.$client
    .prepare(
      `select count(*) as reminded, coalesce(sum(a.confirmed_at is not null), 0) as confirmed from appointments a
       where a.starts_at >= ? and a.starts_at < ?
         and exists (select 1 from reminder_sends r where r.appointment_id = a.id and r.message_id is not null)`,
    )
    .get(from, to) as { reminded: number; confirmed: number };
}

/** Opt-outs: consent withdrawn (keyword, staff, unsubscribe link) and provider-reported opt-outs. */
export function optOutCounts(db: AppDb, from: number, to: number): Array<{ channel: Channel; count: number }> {
  return db.$client
    .prepare(
      `select channel, count(*) as count from (
         select channel from consent_events where status = 'opted_out' and created_at >= ? and created_at < ?
         union all
         select channel from suppressions where reason in ('provider_opt_out', 'complaint') and created_at >= ? and created_at < ?
       ) group by channel order by channel`,
    )
    .all(from, to, from, to) as Array<{ channel: Channel; count: number }>;
}

export function topFailureReasons(db: AppDb, from: number, to: number, limit = 10) {
  return db.$client
    .prepare(
      `select coalesce(reason_code, error_code, 'unknown') as reasonCode, count(*) as count from deliveries
       where state in ('failed', 'undelivered') and final_at >= ? and final_at < ?
       group by reasonCode order by count desc, reasonCode limit ?`,
    )
    .all(from, to, limit) as Array<{ reasonCode: string; count: number }>;
}
