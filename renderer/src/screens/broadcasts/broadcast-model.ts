/**
 * What the composer edits and shows, independent of the wire format (broadcast-calls.ts maps
 * these to and from the IPC contract).
 */
import type { Channel } from '../../../../shared/domain';
import { broadcastReasonText } from '../../../../shared/contract/broadcast-audience';

export interface AudienceFilter {
  /** Patients with any of these tags. */
  tags: string[];
  ageMin: number | null;
  ageMax: number | null;
  /** Last visit (completed appointment) within the last N days, or longer ago than N days. */
  lastVisit: { kind: 'any' } | { kind: 'within'; days: number } | { kind: 'before'; days: number };
  /** Has an upcoming appointment with this clinician (empty: any or none). */
  upcomingWithClinician: string;
  /** Has an appointment in a day range (range 'any': no appointment rule). */
  appointments: AppointmentRule;
  /** Patient language, e.g. "en" (empty: every language). */
  language: string;
}

export interface AppointmentRule {
  range: 'any' | 'today' | 'tomorrow' | 'date' | 'nextDays';
  /** For 'date': YYYY-MM-DD. */
  date: string;
  /** For 'nextDays'. */
  days: number;
  status: 'booked' | 'confirmed' | 'unconfirmed';
  /** Empty: any clinician / location. */
  clinician: string;
  location: string;
}

export const noAppointmentRule: AppointmentRule = { range: 'any', date: '', days: 7, status: 'booked', clinician: '', location: '' };

export const emptyAudience: AudienceFilter = {
  tags: [],
  ageMin: null,
  ageMax: null,
  lastVisit: { kind: 'any' },
  upcomingWithClinician: '',
  appointments: noAppointmentRule,
  language: '',
};

export interface ChannelPolicy {
  /** One channel for everyone; null: each patient's own channel order (filtered by the rules). */
  channel: Channel | null;
}

export interface ExclusionLine {
  reason: string;
  label: string;
  count: number;
}

/** What the audience resolves to right now, with who is left out and why. */
export interface AudienceCount {
  /** Patients matching the filter. */
  matched: number;
  /** Messages it takes: one per address (a family sharing a phone counts once); absent when unknown. */
  addresses?: number;
  /** False while the core only reports the matched count (no per-channel and exclusion breakdown). */
  hasBreakdown: boolean;
  /** Will be sent now, per channel. */
  byChannel: Partial<Record<Channel, number>>;
  /** Will be queued but held (e.g. quiet hours), per reason. */
  held: ExclusionLine[];
  /** Will not receive it, per reason (opted out, suppressed, no contact point, …). */
  excluded: ExclusionLine[];
  /** Filter-rule breakdown: how many each audience rule removed. */
  filteredBy: ExclusionLine[];
}

export function recipients(count: AudienceCount): number {
  if (!count.hasBreakdown) return count.matched;
  return Object.values(count.byChannel).reduce((a, b) => a + (b ?? 0), 0);
}
export function heldTotal(count: AudienceCount): number {
  return count.held.reduce((a, b) => a + b.count, 0);
}
export function excludedTotal(count: AudienceCount): number {
  return count.excluded.reduce((a, b) => a + b.count, 0);
}

export type BroadcastStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'completed' | 'cancelled';

export interface BroadcastProgress {
  broadcastId: number;
  status: BroadcastStatus;
  total: number;
  /** Per delivery state; null for a state the core does not report yet. */
  queued: number | null;
  sent: number | null;
  delivered: number | null;
  failed: number | null;
  held: number | null;
  cancelled: number | null;
  /** Recipients the rules left out (opted out, suppressed, no contact point). */
  excluded: number | null;
  /** Recipients not yet queued. */
  pending: number | null;
  /** Why the excluded ones were left out, per reason. */
  excludedBy: ExclusionLine[];
  /** Messages queued (one per address) and the patients they cover; absent when unknown. */
  addresses?: number;
  patientsCovered?: number;
}

/** Plain words for the audience's appointment rule, e.g. "booked tomorrow with Dr. Chen". */
export function describeAppointmentRule(a: AppointmentRule): string {
  if (a.range === 'any') return 'any';
  const when = a.range === 'today' ? 'today' : a.range === 'tomorrow' ? 'tomorrow' : a.range === 'date' ? `on ${a.date}` : `in the next ${a.days} days`;
  const status = a.status === 'booked' ? 'booked' : a.status;
  return [`${status} ${when}`, a.clinician && `with ${a.clinician}`, a.location && `at ${a.location}`].filter(Boolean).join(' ');
}

export const CHANNEL_NAMES: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'email', voice: 'voice call' };

/** "197 by SMS, 2 by email" */
export function describeChannels(byChannel: Partial<Record<Channel, number>>): string {
  const parts = (Object.entries(byChannel) as [Channel, number][]).filter(([, n]) => n > 0).map(([c, n]) => `${n} by ${CHANNEL_NAMES[c]}`);
  return parts.length ? parts.join(', ') : 'nobody';
}

/** Validation of the audience form before it is sent to the core. */
export function audienceProblems(filter: AudienceFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.ageMin !== null && (filter.ageMin < 0 || filter.ageMin > 130)) out.ageMin = 'Between 0 and 130';
  if (filter.ageMax !== null && (filter.ageMax < 0 || filter.ageMax > 130)) out.ageMax = 'Between 0 and 130';
  if (filter.ageMin !== null && filter.ageMax !== null && filter.ageMin > filter.ageMax) out.ageMax = 'Must be at least the minimum age';
  if (filter.lastVisit.kind !== 'any' && (!Number.isInteger(filter.lastVisit.days) || filter.lastVisit.days < 1)) out.lastVisit = 'A whole number of days, at least 1';
  const a = filter.appointments;
  if (a.range === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(a.date)) out.appointments = 'Choose a date';
  if (a.range === 'nextDays' && (!Number.isInteger(a.days) || a.days < 1 || a.days > 366)) out.appointments = 'A whole number of days, 1 to 366';
  return out;
}

/** Counts per reason code (as the core stores them) as labelled lines, largest first, zeros left out. */
export function reasonLines(counts: Record<string, number>): ExclusionLine[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => ({ reason, count, label: broadcastReasonText(reason) ?? reason }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
