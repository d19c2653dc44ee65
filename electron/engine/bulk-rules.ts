/**
 * Rules 1–5 for many recipients from facts loaded set-based (bulk-facts.ts): the same steps as
 * `gatherFacts` (rules.ts) and `chooseChannel` (channel-choice.ts) at queue time, reading a
 * FactSource instead of the database, and the same pure `decide`. The property test
 * bulk-rules.property.test.ts checks they agree with the per-row functions on random data.
 */
import type { Channel, Purpose } from '../../shared/domain';
import { DEFAULT_CHANNEL_ORDER, type ChannelChoice } from './channel-choice';
import { contactKind, decide, type ClinicRuleSettings, type RuleFacts } from './rules';
import { isValidZone, localDayBounds, type QuietWindow } from './quiet-hours';
import type { FactSource } from './bulk-facts';

/** As `addressFor`: primary first, never an invalid one. */
export function addressFrom(facts: FactSource, patientId: number, channel: Channel): string | null {
  const kind = contactKind(channel);
  return facts.contactPoints(patientId).find((c) => c.kind === kind && c.status !== 'invalid')?.value ?? null;
}

/** As `gatherFacts` with stage 'queue' for a patient. */
export function gatherFactsFrom(
  facts: FactSource,
  input: { patientId: number; channel: Channel; address: string; purpose: Purpose; emergency: boolean; optOutConfirmation?: boolean; holdExempt?: boolean },
  clinic: ClinicRuleSettings,
  now: number,
): RuleFacts {
  const { patientId, channel, address, purpose } = input;
  const patient = facts.patient(patientId);
  const zone = isValidZone(patient?.time_zone) ? patient.time_zone : clinic.timeZone;
  let quiet: QuietWindow | null = clinic.quietHours;
  const override = facts.quietOverride(patientId);
  if (override && 'none' in override) quiet = null;
  else if (override) quiet = override;
  const day = localDayBounds(now, zone);
  return {
    channel,
    optOutConfirmation: input.optOutConfirmation ?? false,
    holdExempt: input.holdExempt ?? false,
    purpose,
    emergency: input.emergency,
    suppressed: address !== '' && facts.suppressed(channel, address),
    consent: facts.latestConsent(patientId, channel, purpose),
    transactionalConsent: purpose === 'transactional' ? null : facts.latestConsent(patientId, channel, 'transactional'),
    contactStatus: address === '' ? null : facts.contactStatus(contactKind(channel), address),
    patientArchived: patient ? patient.archived === 1 : false,
    zone,
    quiet,
    cap: { limit: clinic.dailyCap, used: facts.capUsed(patientId, day), dayEnd: day.end },
  };
}

/** As `chooseChannel`. */
export function chooseChannelFrom(
  facts: FactSource,
  input: {
    patientId: number;
    explicit: Channel | null;
    purpose: Purpose;
    emergency: boolean;
    exclude?: ReadonlySet<Channel>;
    optOutConfirmation?: boolean;
    holdExempt?: boolean;
  },
  clinic: ClinicRuleSettings,
  now: number,
): ChannelChoice {
  const order = input.explicit ? [input.explicit] : (facts.channelOrder(input.patientId) ?? DEFAULT_CHANNEL_ORDER);
  let firstRefusal: ChannelChoice | null = null;
  for (const channel of order) {
    if (input.exclude?.has(channel)) continue;
    const address = addressFrom(facts, input.patientId, channel);
    if (address === null) {
      firstRefusal ??= { ok: false, channel, address: '', reason: 'no_contact_point' };
      continue;
    }
    const decision = decide(
      gatherFactsFrom(
        facts,
        {
          patientId: input.patientId,
          channel,
          address,
          purpose: input.purpose,
          emergency: input.emergency,
          optOutConfirmation: input.optOutConfirmation,
          holdExempt: input.holdExempt,
        },
        clinic,
        now,
      ),
      now,
    );
    if (decision.kind === 'refuse') {
      firstRefusal ??= { ok: false, channel, address, reason: decision.reason };
      continue;
    }
    return { ok: true, channel, address, decision };
  }
  return firstRefusal ?? { ok: false, channel: order[0] ?? 'sms', address: '', reason: 'no_channel' };
}
