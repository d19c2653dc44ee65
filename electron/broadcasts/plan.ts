/**
 * The one planning function for a broadcast: what the rules will do with each recipient. The
 * composer's preview and confirmation and the sender that queues the broadcast both call
 * `planRecipients`, so the counts staff confirm are the counts that are queued.
 *
 *  1. decide: per patient, archived → excluded; otherwise the channel choice of the engine
 *     (rules 1–5) restricted to the channels the content exists for. The facts for the whole list
 *     come from a few set-based queries (engine/bulk-facts.ts) and the choice is the engine's
 *     `chooseChannelFrom` read from them (engine/channel-choice.ts), not several lookups per patient.
 *  2. summarisePlan: per-channel, held and excluded counts (they add up to the audience).
 *
 * One message per address (a family sharing a phone) is not a planning step: the counts are per
 * patient; the confirmation's `addresses` and the sender group the planned recipients
 * (address-groups.ts).
 */
import type { Channel, Purpose } from '../../shared/domain';
import type { AppDb } from '../db/database';
import { DEFAULT_CHANNEL_ORDER } from '../engine/channel-choice';
import { loadBulkFacts } from '../engine/bulk-facts';
import type { FactSource } from '../engine/fact-source';
import { chooseChannelFrom } from '../engine/channel-choice';
import type { ClinicRuleSettings } from '../engine/rules';

export type RecipientPlan =
  | { patientId: number; outcome: 'send'; channel: Channel; address: string; reason: null }
  | { patientId: number; outcome: 'hold'; channel: Channel; address: string; reason: string; until: number | null }
  | { patientId: number; outcome: 'exclude'; channel: Channel | null; address: null; reason: string };

export interface PlanRequest {
  purpose: Purpose;
  emergency: boolean;
  /** One channel for everyone; null: each patient's channel order. */
  channel: Channel | null;
  /** Channels the content exists for: no other channel is ever planned (or counted). */
  contentChannels: ReadonlySet<Channel>;
}

function decide(facts: FactSource, patientId: number, request: PlanRequest, rules: ClinicRuleSettings, now: number): RecipientPlan {
  const patient = facts.patient(patientId);
  if (!patient || patient.archived === 1) return { patientId, outcome: 'exclude', channel: request.channel, address: null, reason: 'patient_archived' };
  const order = request.channel ? [request.channel] : (facts.channelOrder(patientId) ?? DEFAULT_CHANNEL_ORDER);
  if (!order.some((c) => request.contentChannels.has(c))) {
    return { patientId, outcome: 'exclude', channel: order[0] ?? null, address: null, reason: 'no_template_content' };
  }
  const exclude = new Set(order.filter((c) => !request.contentChannels.has(c)));
  const choice = chooseChannelFrom(facts, { patientId, explicit: request.channel, purpose: request.purpose, emergency: request.emergency, exclude }, rules, now);
  if (!choice.ok) return { patientId, outcome: 'exclude', channel: choice.channel, address: null, reason: choice.reason };
  if (choice.decision.kind === 'hold') {
    return { patientId, outcome: 'hold', channel: choice.channel, address: choice.address, reason: choice.decision.reason, until: choice.decision.until };
  }
  return { patientId, outcome: 'send', channel: choice.channel, address: choice.address, reason: null };
}

/** One plan per patient id, in order; `facts` (loaded for at least these patients, at `now`) when the caller has them already. */
export function planRecipients(
  db: AppDb,
  patientIds: readonly number[],
  request: PlanRequest,
  rules: ClinicRuleSettings,
  now: number,
  facts: FactSource = loadBulkFacts(db, patientIds, rules.timeZone, now),
): RecipientPlan[] {
  return patientIds.map((id) => decide(facts, id, request, rules, now));
}

export interface PlanSummary {
  byChannel: Partial<Record<Channel, number>>;
  held: Array<{ reason: string; count: number }>;
  excluded: Array<{ reason: string; count: number }>;
}

export function summarisePlan(plans: readonly RecipientPlan[]): PlanSummary {
  const byChannel: Partial<Record<Channel, number>> = {};
  const held = new Map<string, number>();
  const excluded = new Map<string, number>();
  for (const p of plans) {
    if (p.outcome === 'send') byChannel[p.channel] = (byChannel[p.channel] ?? 0) + 1;
    else if (p.outcome === 'hold') held.set(p.reason, (held.get(p.reason) ?? 0) + 1);
    else excluded.set(p.reason, (excluded.get(p.reason) ?? 0) + 1);
  }
  const lines = (m: Map<string, number>) => [...m].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { byChannel, held: lines(held), excluded: lines(excluded) };
}

/** The purpose the engine will use: a marketing template stays marketing whatever the caller says. */
export function effectivePurpose(requested: Purpose, templatePurpose: Purpose | null): Purpose {
  return templatePurpose === 'marketing' ? 'marketing' : requested;
}
