/**
 * The composer's preview and confirmation: the audience as it is now, planned by the same
 * `planRecipients` the sender queues with; one page of the recipient list with the rule that
 * holds or excludes each; and per channel, the message rendered for a real recipient with its
 * segments, encoding and estimated cost.
 */
import { countAddresses } from './address-groups';
import type { AppDb } from '../db/database';
import type { Channel, ClinicSettings } from '../../shared/domain';
import type { InputOf, OutputOf } from '../../shared/contract';
import { broadcastReasonText, type ChannelPreview, type RecipientLine } from '../../shared/contract/broadcast-audience';
import { countSmsSegments } from '../../shared/templates';
import { estimateCostUsd, unitPriceUsd } from '../../shared/pricing';
import { DomainError } from '../foundation/errors';
import { renderContent } from '../engine/render';
import { getPatientFacts } from '../engine/engine-repo';
import { resolveAudience } from './audience';
import { ANY_CONTENT_CHANNELS, loadBroadcastContent, type BroadcastContent } from './content-channels';
import { effectivePurpose, planRecipients, summarisePlan, type RecipientPlan } from './plan';
import { patientNames } from './results-repo';
import { zoneOr } from '../../shared/time-zone';

/** Above this many patients the preview gives the count only. */
export const PREVIEW_LIMIT = 20_000;
const PAGE = 50;

export interface PreviewDeps {
  db: AppDb;
  now: number;
  clinic: ClinicSettings | null;
  clinicTimeZone: string;
  providerFor: (channel: Channel) => string;
}

type PreviewInput = InputOf<'broadcasts.previewAudience'>;
type Preview = OutputOf<'broadcasts.previewAudience'>;

function line(plan: RecipientPlan, name: string): RecipientLine {
  return { patientId: plan.patientId, name, outcome: plan.outcome, channel: plan.channel, reason: plan.reason, reasonText: broadcastReasonText(plan.reason) };
}

/** The audience resolved and planned: what a search or another page of the list reuses. */
export interface PlannedAudience {
  count: number;
  /** Null above PREVIEW_LIMIT or without the clinic's rules: the count only. */
  plans: RecipientPlan[] | null;
  content: BroadcastContent | null;
  names: Map<number, string>;
}

/** The inputs that decide the plan (not the list's search, filter and page). */
export function planKey(input: PreviewInput): string {
  return JSON.stringify([input.audience, input.channel ?? null, input.purpose ?? null, input.emergency ?? false, input.content ?? null]);
}

export function planAudience(deps: PreviewDeps, input: PreviewInput): PlannedAudience {
  const { db, now, clinic } = deps;
  const ids = resolveAudience(db, input.audience, now, deps.clinicTimeZone);
  if (!clinic || ids.length > PREVIEW_LIMIT) return { count: ids.length, plans: null, content: null, names: new Map() };
  const content = input.content ? loadBroadcastContent(db, input.content) : null;
  const plans = planRecipients(
    db,
    ids,
    {
      purpose: effectivePurpose(input.purpose ?? 'marketing', content?.kind === 'template' ? content.purpose : null),
      emergency: input.emergency ?? false,
      channel: input.channel ?? null,
      contentChannels: content?.channels ?? ANY_CONTENT_CHANNELS,
    },
    clinic,
    now,
  );
  return { count: ids.length, plans, content, names: patientNames(db, ids) };
}

export function presentPreview(deps: PreviewDeps, planned: PlannedAudience, input: PreviewInput): Preview {
  const { plans, names, content } = planned;
  if (!plans || !deps.clinic) return { count: planned.count, breakdown: null };
  const needle = input.search?.toLowerCase() ?? '';
  const listed = plans
    .map((p) => line(p, names.get(p.patientId) ?? `Patient ${p.patientId}`))
    .filter((l) => (input.outcome ? l.outcome === input.outcome : true) && (needle ? l.name.toLowerCase().includes(needle) : true))
    .sort((a, b) => a.name.localeCompare(b.name) || a.patientId - b.patientId);
  const offset = input.offset ?? 0;
  // One message per address: the confirmation says how many messages and how many patients they cover.
  const reached = plans.filter((p) => p.outcome !== 'exclude').map((p) => p.patientId);
  return {
    count: planned.count,
    addresses: countAddresses(deps.db, reached, input.channel ?? undefined).addresses,
    breakdown: summarisePlan(plans),
    recipients: { total: listed.length, items: listed.slice(offset, offset + (input.limit ?? PAGE)) },
    channels: content ? channelPreviews(deps, deps.clinic, content, plans, names) : [],
  };
}

export function previewAudience(deps: PreviewDeps, input: PreviewInput): Preview {
  return presentPreview(deps, planAudience(deps, input), input);
}

function channelPreviews(deps: PreviewDeps, clinic: ClinicSettings, content: BroadcastContent, plans: RecipientPlan[], names: Map<number, string>): ChannelPreview[] {
  const byChannel = new Map<Channel, RecipientPlan[]>();
  for (const p of plans) {
    if (p.outcome === 'exclude') continue;
    const list = byChannel.get(p.channel) ?? [];
    list.push(p);
    byChannel.set(p.channel, list);
  }
  return [...byChannel].map(([channel, onChannel]) => {
    const first = onChannel[0] as RecipientPlan;
    const provider = deps.providerFor(channel);
    const unitPrice = unitPriceUsd(provider, channel);
    const base = { channel, count: onChannel.length, provider, sandbox: provider === 'sandbox', unitPrice };
    try {
      const sample = renderSample(deps, clinic, content, channel, first.patientId);
      const units = channel === 'sms' ? sample.segments * onChannel.length : onChannel.length;
      return { ...base, sample: { ...sample, patientName: names.get(first.patientId) ?? '' }, sampleError: null, estimatedCost: estimateCostUsd(unitPrice, units) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { ...base, sample: null, sampleError: error.message, estimatedCost: null };
    }
  });
}

/** Rendered exactly as the engine will render it at queue time (engine/render.ts). */
function renderSample(deps: PreviewDeps, clinic: ClinicSettings, content: BroadcastContent, channel: Channel, patientId: number) {
  const patient = getPatientFacts(deps.db, patientId);
  const r = renderContent(deps.db, {
    channel,
    ...(content.kind === 'template' ? { templateId: content.templateId, templateVersionId: content.templateVersionId } : { literalBody: content.body, literalSubject: content.subject }),
    patient: patient ? { firstName: patient.first_name, lastName: patient.last_name, language: patient.language } : null,
    zone: zoneOr(patient?.time_zone, clinic.timeZone),
    clinic,
    unsubscribeUrl: null,
    now: deps.now,
  });
  const sms = channel === 'sms' ? countSmsSegments(r.body) : null;
  return { subject: r.subject, body: r.body, segments: channel === 'sms' ? r.segments : 1, encoding: sms ? sms.encoding : null };
}
