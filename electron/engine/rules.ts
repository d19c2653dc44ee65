/**
 * The rules of DESIGN §3 for one message on one channel, evaluated at queue time and again right
 * before the provider call. `gatherFacts` reads the database; `decide` is pure, so the property
 * tests can drive it directly. The first rule that refuses or holds decides.
 */
import type { Channel, Purpose } from '../../shared/domain';
import type { ReasonCode } from '../../shared/contract/engine';
import type { AppDb } from '../db/database';
import { getContactStatus, isSuppressed } from './engine-repo';
import { rowFacts, type FactSource } from './fact-source';
import { localDayBounds, quietHoursEnd, type QuietWindow } from './quiet-hours';
import { zoneOr } from '../../shared/time-zone';

export interface RuleFacts {
  channel: Channel;
  /** The one confirmation of an opt-out (STOP): it goes to the address that just opted out. */
  optOutConfirmation: boolean;
  purpose: Purpose;
  emergency: boolean;
  /**
   * It answers the patient's own message (HELP, START, a thank-you, a staff reply inside the
   * reply window) or staff sent it now: quiet hours and the cap do not hold a transactional one.
   */
  holdExempt: boolean;
  suppressed: boolean;
  /** Latest consent for this purpose; for marketing also the transactional one (an opt-out of everything). */
  consent: 'opted_in' | 'opted_out' | null;
  transactionalConsent: 'opted_in' | 'opted_out' | null;
  contactStatus: 'ok' | 'invalid' | 'bouncing' | null;
  patientArchived: boolean;
  zone: string;
  /** Null when quiet hours do not apply (email, or the patient opted for none). */
  quiet: QuietWindow | null;
  /** Null when there is no patient (an address-only send) or the cap does not apply. */
  cap: { limit: number; used: number; dayEnd: number } | null;
}

export type Decision =
  | { kind: 'send' }
  | { kind: 'refuse'; reason: ReasonCode }
  | { kind: 'hold'; reason: 'quiet_hours' | 'daily_cap'; until: number };

export const QUIET_CHANNELS: ReadonlySet<Channel> = new Set(['sms', 'whatsapp', 'voice']);

/** Rules 1–4 in order. Channel choice (rule 5) and duplicates (rule 6) are the queue's job. */
export function decide(f: RuleFacts, now: number): Decision {
  if (f.patientArchived) return { kind: 'refuse', reason: 'patient_archived' };
  // Confirming an opt-out is the one message a just-suppressed address still gets, at once:
  // it answers the patient's own STOP (carriers expect it), so no consent, quiet hours or cap.
  if (f.optOutConfirmation) return f.contactStatus === 'invalid' ? { kind: 'refuse', reason: 'contact_invalid' } : { kind: 'send' };
  if (f.suppressed) return { kind: 'refuse', reason: 'suppressed' };
  if (f.contactStatus === 'invalid') return { kind: 'refuse', reason: 'contact_invalid' };
  if (f.transactionalConsent === 'opted_out' || f.consent === 'opted_out') return { kind: 'refuse', reason: 'opted_out' };
  if (f.purpose === 'marketing' && f.consent !== 'opted_in') return { kind: 'refuse', reason: 'no_marketing_consent' };
  // Never for marketing: a campaign is not an answer, whatever the caller says.
  const notHeld = f.emergency || (f.holdExempt && f.purpose === 'transactional');
  if (!notHeld && f.quiet && QUIET_CHANNELS.has(f.channel)) {
    const until = quietHoursEnd(now, f.zone, f.quiet);
    if (until !== null) return { kind: 'hold', reason: 'quiet_hours', until };
  }
  if (!notHeld && f.cap && f.cap.used >= f.cap.limit) return { kind: 'hold', reason: 'daily_cap', until: f.cap.dayEnd };
  return { kind: 'send' };
}

/**
 * Whether a message is the single opt-out confirmation queued by the keyword handler
 * (origin auto_reply, dedupe key `keyword:<channel>:<address>:optout-confirmation:<suppression id>`).
 * The key makes it unique per suppression, so the exemption can never repeat.
 */
export function isOptOutConfirmation(origin: string, dedupeKey: string | null | undefined): boolean {
  return origin === 'auto_reply' && !!dedupeKey && dedupeKey.startsWith('keyword:') && /:optout-confirmation:\d+$/.test(dedupeKey);
}

export interface ClinicRuleSettings {
  timeZone: string;
  quietHours: QuietWindow;
  dailyCap: number;
}

export function contactKind(channel: Channel): 'phone' | 'email' {
  return channel === 'email' ? 'email' : 'phone';
}

/**
 * The facts for one message to a patient on one channel/address, from any FactSource: the same
 * steps whether the source reads row by row or a whole batch was loaded at once.
 */
export function gatherFactsFrom(
  facts: FactSource,
  input: { patientId: number; channel: Channel; address: string; purpose: Purpose; emergency: boolean; optOutConfirmation?: boolean; holdExempt?: boolean },
  clinic: ClinicRuleSettings,
  now: number,
): RuleFacts {
  const { patientId, channel, address, purpose } = input;
  const patient = facts.patient(patientId);
  const zone = zoneOr(patient?.time_zone, clinic.timeZone);
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

/**
 * Reads the facts for one message on one channel/address. `stage` = 'queue' also counts queued
 * deliveries due today toward the cap; 'send' counts only what reached a provider. A send to a
 * bare address (no patient) has no consent, cap or patient of its own to read.
 */
export function gatherFacts(
  db: AppDb,
  input: {
    patientId: number | null;
    channel: Channel;
    address: string;
    purpose: Purpose;
    emergency: boolean;
    stage: 'queue' | 'send';
    deliveryId: number;
    optOutConfirmation?: boolean;
    holdExempt?: boolean;
  },
  clinic: ClinicRuleSettings,
  now: number,
): RuleFacts {
  const { patientId, channel, address } = input;
  if (patientId !== null) return gatherFactsFrom(rowFacts(db, input), { ...input, patientId }, clinic, now);
  return {
    channel,
    optOutConfirmation: input.optOutConfirmation ?? false,
    holdExempt: input.holdExempt ?? false,
    purpose: input.purpose,
    emergency: input.emergency,
    suppressed: address !== '' && isSuppressed(db, channel, address),
    consent: null,
    transactionalConsent: null,
    contactStatus: address === '' ? null : getContactStatus(db, contactKind(channel), address),
    patientArchived: false,
    zone: clinic.timeZone,
    quiet: clinic.quietHours,
    cap: null,
  };
}
