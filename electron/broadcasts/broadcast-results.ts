/**
 * The result page of a broadcast: every recipient with state and reason (an exclusion is named
 * by the rule that made it; only a delivery a provider answered carries a provider error), the
 * deliveries over time, and the same list as CSV.
 */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import type { InputOf, OutputOf } from '../../shared/contract';
import { broadcastReasonText } from '../../shared/contract/broadcast-audience';
import type { RecipientResult, TimelinePoint } from '../../shared/contract/broadcast-results';
import { csvText } from '../export/csv-text';
import { deliveryMoments, recipientResults, type RecipientResultRow } from './results-repo';

const PAGE = 100;

function view(r: RecipientResultRow): RecipientResult {
  return {
    patientId: r.patient_id,
    name: r.name,
    state: r.state as RecipientResult['state'],
    channel: r.channel,
    address: r.address,
    reason: r.reason,
    reasonText: broadcastReasonText(r.reason),
    errorCode: r.error_code,
    updatedAt: r.updated_at,
  };
}

export function listRecipients(db: AppDb, input: InputOf<'broadcasts.recipients'>): OutputOf<'broadcasts.recipients'> {
  const { total, rows } = recipientResults(db, input.id, { ...input, limit: input.limit ?? PAGE });
  return { total, items: rows.map(view) };
}

const DELIVERED = new Set(['delivered', 'read']);
const FAILED = new Set(['failed', 'undelivered']);

/** Cumulative sent, delivered and failed at `buckets` evenly spaced instants from the first send to the last event (at least a minute). */
export function deliveryTimeline(db: AppDb, broadcastId: number, buckets = 24): TimelinePoint[] {
  const moments = deliveryMoments(db, broadcastId);
  const sent = moments.flatMap((m) => (m.sent_at === null ? [] : [m.sent_at]));
  const delivered = moments.flatMap((m) => (m.final_at !== null && DELIVERED.has(m.state) ? [m.final_at] : []));
  const failed = moments.flatMap((m) => (m.final_at !== null && FAILED.has(m.state) ? [m.final_at] : []));
  const all = [...sent, ...delivered, ...failed];
  if (all.length === 0) return [];
  const start = Math.min(...all);
  // At least a minute wide, so a broadcast that went out in a second still has readable times.
  const end = Math.max(Math.max(...all), start + 60_000);
  const step = Math.max(1, Math.ceil((end - start) / (buckets - 1)));
  const upTo = (list: number[], at: number) => list.reduce((n, t) => (t <= at ? n + 1 : n), 0);
  return Array.from({ length: buckets }, (_, i) => {
    const at = start + i * step;
    return { at, sent: upTo(sent, at), delivered: upTo(delivered, at), failed: upTo(failed, at) };
  });
}

export function recipientsCsv(db: AppDb, broadcastId: number, name: string, zone: string): { fileName: string; csv: string } {
  const { rows } = recipientResults(db, broadcastId, {});
  const { csv } = csvText(
    ['Patient', 'Patient id', 'State', 'Channel', 'Address', 'Reason', 'Reason code', 'Provider error', 'Updated'],
    rows.map((r) => [
      r.name,
      r.patient_id,
      r.state,
      r.channel,
      r.address,
      broadcastReasonText(r.reason),
      r.reason,
      r.error_code,
      r.updated_at === null ? null : DateTime.fromMillis(r.updated_at, { zone }).toFormat('yyyy-MM-dd HH:mm'),
    ]),
  );
  const safe = name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'broadcast';
  return { fileName: `${safe}-recipients.csv`, csv };
}
