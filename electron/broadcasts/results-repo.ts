/** What a broadcast did, per recipient and over time (SQL only). */
import { sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import type { Channel } from '../../shared/domain';

/** Display names for these patients ("First Last"), one query. */
export function patientNames(db: AppDb, ids: readonly number[]): Map<number, string> {
  const rows = db.all<{ id: number; name: string }>(
    sql`select id, first_name || ' ' || last_name as name from patients where id in (select value from json_each(${JSON.stringify(ids)}))`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface RecipientResultRow {
  patient_id: number;
  name: string;
  state: string;
  channel: Channel | null;
  address: string | null;
  reason: string | null;
  error_code: string | null;
  updated_at: number | null;
}

/** Each recipient with its latest delivery (a fallback replaces the first): state, channel, reason. */
function resultsSql(broadcastId: number) {
  return sql`
    select r.patient_id as patient_id, p.first_name || ' ' || p.last_name as name,
      case when r.state = 'queued' and d.state is not null then d.state else r.state end as state,
      d.channel as channel, d.address as address,
      case when r.state = 'excluded' then r.exclusion_reason else d.reason_code end as reason,
      d.error_code as error_code, d.updated_at as updated_at
    from broadcast_recipients r
    join patients p on p.id = r.patient_id
    left join deliveries d on d.id = (select max(d2.id) from deliveries d2 where d2.message_id = r.message_id)
    where r.broadcast_id = ${broadcastId}`;
}

export function recipientResults(
  db: AppDb,
  broadcastId: number,
  filter: { search?: string; state?: string; offset?: number; limit?: number },
): { total: number; rows: RecipientResultRow[] } {
  const needle = `%${(filter.search ?? '').toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = sql`where lower(x.name) like ${needle} escape '\\' and (${filter.state ?? null} is null or x.state = ${filter.state ?? null})`;
  const total = db.get<{ n: number }>(sql`select count(*) as n from (${resultsSql(broadcastId)}) x ${where}`)?.n ?? 0;
  const page = filter.limit === undefined ? sql`` : sql`limit ${filter.limit} offset ${filter.offset ?? 0}`;
  const rows = db.all<RecipientResultRow>(sql`select * from (${resultsSql(broadcastId)}) x ${where} order by x.name collate nocase, x.patient_id ${page}`);
  return { total, rows };
}

/** Every delivery of the broadcast's messages: when it was handed over and when it ended, how. */
export function deliveryMoments(db: AppDb, broadcastId: number): Array<{ sent_at: number | null; final_at: number | null; state: string }> {
  return db.all(sql`
    select d.sent_at as sent_at, d.final_at as final_at, d.state as state
    from messages m join deliveries d on d.message_id = m.id
    where m.broadcast_id = ${broadcastId}`);
}
