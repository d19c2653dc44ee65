/**
 * Rule 5, channel choice: the explicit channel of a manual reply, otherwise the patient's channel
 * order filtered by rules 1–2 and by having a usable contact point. Used at queue time and for
 * the one-time fallback after a permanent failure.
 */
import { CHANNELS, type Channel, type Purpose } from '../../shared/domain';
import type { ReasonCode } from '../../shared/contract/engine';
import type { AppDb } from '../db/database';
import { rowFacts, type FactSource } from './fact-source';
import { contactKind, decide, gatherFactsFrom, type ClinicRuleSettings, type Decision } from './rules';

export const DEFAULT_CHANNEL_ORDER: readonly Channel[] = ['sms', 'email'];

export type ChannelChoice =
  | { ok: true; channel: Channel; address: string; decision: Exclude<Decision, { kind: 'refuse' }> }
  | { ok: false; channel: Channel; address: string; reason: ReasonCode };

export interface ChoiceInput {
  patientId: number;
  explicit: Channel | null;
  purpose: Purpose;
  emergency: boolean;
  exclude?: ReadonlySet<Channel>;
  optOutConfirmation?: boolean;
  holdExempt?: boolean;
}

/** The address a patient can be reached at on a channel: primary first, never an invalid one. */
export function addressFrom(facts: FactSource, patientId: number, channel: Channel): string | null {
  const kind = contactKind(channel);
  return facts.contactPoints(patientId).find((c) => c.kind === kind && c.status !== 'invalid')?.value ?? null;
}

/** The first channel in the patient's order that has an address and that the rules do not refuse. */
export function chooseChannelFrom(facts: FactSource, input: ChoiceInput, clinic: ClinicRuleSettings, now: number): ChannelChoice {
  const order = input.explicit ? [input.explicit] : (facts.channelOrder(input.patientId) ?? DEFAULT_CHANNEL_ORDER);
  let firstRefusal: ChannelChoice | null = null;
  for (const channel of order) {
    if (input.exclude?.has(channel)) continue;
    const address = addressFrom(facts, input.patientId, channel);
    if (address === null) {
      firstRefusal ??= { ok: false, channel, address: '', reason: 'no_contact_point' };
      continue;
    }
    const decision = decide(gatherFactsFrom(facts, { ...input, channel, address }, clinic, now), now);
    if (decision.kind === 'refuse') {
      firstRefusal ??= { ok: false, channel, address, reason: decision.reason };
      continue;
    }
    return { ok: true, channel, address, decision };
  }
  return firstRefusal ?? { ok: false, channel: order[0] ?? 'sms', address: '', reason: 'no_channel' };
}

/** Facts for a decision at queue time, read row by row (no delivery exists yet). */
export const queueTimeFacts = (db: AppDb): FactSource => rowFacts(db, { stage: 'queue', deliveryId: -1 });

/** The choice at queue time for one request, reading the database row by row. */
export function chooseChannel(db: AppDb, input: ChoiceInput, clinic: ClinicRuleSettings, now: number): ChannelChoice {
  return chooseChannelFrom(queueTimeFacts(db), input, clinic, now);
}

/**
 * Where one queued request to a patient goes and what the rules decide: an archived record is
 * refused, otherwise the first channel the rules let through (or the first refusal).
 */
export function routeForPatient(
  facts: FactSource,
  archived: boolean,
  input: ChoiceInput,
  clinic: ClinicRuleSettings,
  now: number,
): { channel: Channel; address: string; outcome: Decision } {
  if (archived) return { channel: input.explicit ?? 'sms', address: '', outcome: { kind: 'refuse', reason: 'patient_archived' } };
  const choice = chooseChannelFrom(facts, input, clinic, now);
  return { channel: choice.channel, address: choice.address, outcome: choice.ok ? choice.decision : { kind: 'refuse', reason: choice.reason } };
}

/** The channels a request may not use when it names the only ones it may (its content exists for those). */
export function excludedChannels(allowed: readonly Channel[] | undefined): ReadonlySet<Channel> | undefined {
  return allowed ? new Set(CHANNELS.filter((c) => !allowed.includes(c))) : undefined;
}
