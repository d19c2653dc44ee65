/**
 * The composer's link to the core: maps the screen's model (broadcast-model.ts) to the
 * broadcasts calls of shared/contract/broadcasts.ts and back.
 */
import { useCallback, useState } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contract';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { useQuery, type QueryState } from '../../ipc/useQuery';
import { describeFailure } from '../../ipc/transport';
import type { MessagePlan, TemplateOption } from './MessageStep';
import { emptyAudience, noAppointmentRule, reasonLines, type AudienceCount, type AudienceFilter, type BroadcastProgress, type ChannelPolicy } from './broadcast-model';

const DAY_MS = 24 * 60 * 60 * 1000;

type WireAudience = InputOf<'broadcasts.previewAudience'>['audience'];
type WireBroadcast = OutputOf<'broadcasts.get'>;

/** The audience filter as the core reads it; `now` anchors "last visit within N days". */
export function toWireAudience(filter: AudienceFilter, now: number): WireAudience {
  const out: WireAudience = {};
  if (filter.tags.length) out.tags = filter.tags;
  if (filter.ageMin !== null) out.minAge = filter.ageMin;
  if (filter.ageMax !== null) out.maxAge = filter.ageMax;
  if (filter.lastVisit.kind === 'within') out.lastVisitAfter = now - filter.lastVisit.days * DAY_MS;
  if (filter.lastVisit.kind === 'before') out.lastVisitBefore = now - filter.lastVisit.days * DAY_MS;
  if (filter.upcomingWithClinician.trim()) out.upcomingWithClinician = filter.upcomingWithClinician.trim();
  const a = filter.appointments;
  if (a.range !== 'any') {
    const range = a.range === 'date' ? { kind: 'date' as const, date: a.date } : a.range === 'nextDays' ? { kind: 'nextDays' as const, days: a.days } : { kind: a.range };
    out.appointments = { range, status: a.status, ...(a.clinician ? { clinician: a.clinician } : {}), ...(a.location ? { location: a.location } : {}) };
  }
  if (filter.language) out.language = filter.language;
  return out;
}

/** A saved (wire) audience back in the form; "last visit" instants become whole days before `now`. */
export function fromWireAudience(wire: WireAudience, now: number): AudienceFilter {
  const days = (at: number) => Math.max(1, Math.round((now - at) / DAY_MS));
  const a = wire.appointments;
  return {
    ...emptyAudience,
    tags: wire.tags ?? [],
    ageMin: wire.minAge ?? null,
    ageMax: wire.maxAge ?? null,
    lastVisit: wire.lastVisitAfter !== undefined ? { kind: 'within', days: days(wire.lastVisitAfter) } : wire.lastVisitBefore !== undefined ? { kind: 'before', days: days(wire.lastVisitBefore) } : { kind: 'any' },
    upcomingWithClinician: wire.upcomingWithClinician ?? '',
    appointments: a
      ? {
          ...noAppointmentRule,
          range: a.range.kind,
          date: a.range.kind === 'date' ? a.range.date : '',
          days: a.range.kind === 'nextDays' ? a.range.days : noAppointmentRule.days,
          status: a.status ?? 'booked',
          clinician: a.clinician ?? '',
          location: a.location ?? '',
        }
      : noAppointmentRule,
    language: wire.language ?? '',
  };
}

function toWirePolicy(policy: ChannelPolicy): InputOf<'broadcasts.createDraft'>['channelPolicy'] {
  return policy.channel ? { channel: policy.channel } : {};
}

export interface AudienceCountState {
  value: AudienceCount | undefined;
  /** The core's preview as is: the recipient list page and the per-channel message. */
  preview: OutputOf<'broadcasts.previewAudience'> | undefined;
  loading: boolean;
  error: CallError | undefined;
}

/** What the recipient list shows: names containing `search`, one outcome or all, from `offset`. */
export interface RecipientListQuery {
  search: string;
  outcome: 'send' | 'hold' | 'exclude' | null;
  offset: number;
}

export const RECIPIENT_PAGE = 25;

type WirePreview = OutputOf<'broadcasts.previewAudience'>;

const countsOf = (lines: Array<{ reason: string; count: number }>): Record<string, number> =>
  Object.fromEntries(lines.map((l) => [l.reason, l.count]));

/** The core's preview as the screen's model: sent at once per channel, held and excluded per reason (labelled). */
export function toAudienceCount(preview: WirePreview): AudienceCount {
  const b = preview.breakdown;
  const addresses = preview.addresses !== undefined ? { addresses: preview.addresses } : {};
  if (!b) return { matched: preview.count, ...addresses, hasBreakdown: false, byChannel: {}, held: [], excluded: [], filteredBy: [] };
  return { matched: preview.count, ...addresses, hasBreakdown: true, byChannel: b.byChannel, held: reasonLines(countsOf(b.held)), excluded: reasonLines(countsOf(b.excluded)), filteredBy: [] };
}

/**
 * The live count of the audience with what the rules would do with each patient: the chosen
 * channel (none: each patient's channel order), the purpose of the chosen template (none yet:
 * transactional; marketing needs each patient's opt-in), emergency (quiet hours and cap off) and,
 * once chosen, the template (channels it has no text for are never counted). The core plans it
 * with the same function that queues the broadcast.
 */
export function useAudienceCount(
  filter: AudienceFilter,
  policy: ChannelPolicy,
  emergency: boolean,
  purpose: 'transactional' | 'marketing',
  enabled: boolean,
  templateId: number | null = null,
  list: RecipientListQuery = { search: '', outcome: null, offset: 0 },
): AudienceCountState {
  const [now] = useState(() => Date.now());
  const input: InputOf<'broadcasts.previewAudience'> = {
    audience: toWireAudience(filter, now),
    purpose,
    emergency,
    ...(policy.channel ? { channel: policy.channel } : {}),
    ...(templateId !== null ? { content: { templateId } } : {}),
    ...(list.search.trim() ? { search: list.search.trim() } : {}),
    ...(list.outcome ? { outcome: list.outcome } : {}),
    offset: list.offset,
    limit: RECIPIENT_PAGE,
  };
  const query = useQuery('broadcasts.previewAudience', input, { enabled, refreshOn: ['patients.changed'] });
  return { value: query.value ? toAudienceCount(query.value) : undefined, preview: query.value, loading: query.loading, error: query.error };
}

/** The clinic's own clinicians and locations, for the audience's pickers. */
export function useAppointmentOptions() {
  return useQuery('appointments.options', {});
}

export function useSavedAudiences() {
  return useQuery('broadcasts.listAudiences', {});
}

export function useTemplateOptions(): QueryState<TemplateOption[]> {
  const query = useQuery('templates.list', {});
  const value = query.value?.items.map((t) => ({ id: t.id, name: t.name, category: t.category, purpose: t.purpose }));
  return { ...query, value };
}

/** Saves the draft and approves it (now or at `scheduledAt`); resolves to the broadcast id. */
export function useStartBroadcast() {
  const api = useApi();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const [draftId, setDraftId] = useState<number | null>(null);

  const submit = useCallback(
    async (plan: MessagePlan, audience: AudienceFilter, scheduledAt: number | null, purpose: 'transactional' | 'marketing'): Promise<number | undefined> => {
      setSubmitting(true);
      setError(undefined);
      try {
        const fields = { name: plan.name.trim(), templateId: plan.templateId, purpose, audience: toWireAudience(audience, Date.now()), channelPolicy: toWirePolicy(plan.policy) };
        const draft = draftId === null ? await api.call('broadcasts.createDraft', fields) : await api.call('broadcasts.updateDraft', { id: draftId, ...fields });
        if (!draft.ok) {
          setError(draft.error);
          return undefined;
        }
        setDraftId(draft.value.id);
        const approved = await api.call('broadcasts.approve', {
          id: draft.value.id,
          ...(scheduledAt !== null ? { scheduledAt } : {}),
          ...(plan.emergency ? { emergency: true } : {}),
        });
        if (!approved.ok) {
          setError(approved.error);
          return undefined;
        }
        return approved.value.id;
      } catch (failure) {
        setError({ code: 'internal', message: describeFailure(failure) });
        return undefined;
      } finally {
        setSubmitting(false);
      }
    },
    [api, draftId],
  );
  return { submitting, error, submit, clearError: useCallback(() => setError(undefined), []) };
}

/** Latest delivery states folded into the panel's rows (sending counts as queued, read as delivered, undelivered as failed). */
export function toProgress(b: WireBroadcast): BroadcastProgress {
  const s = b.counts.byState;
  return {
    broadcastId: b.id,
    status: b.status,
    total: b.counts.total,
    queued: s.queued + s.sending,
    pending: b.counts.pending,
    excluded: b.counts.excluded,
    sent: s.sent,
    delivered: s.delivered + s.read,
    failed: s.failed + s.undelivered,
    held: s.held,
    cancelled: s.cancelled,
    excludedBy: reasonLines(b.counts.excludedBy),
    addresses: b.counts.addresses,
    patientsCovered: b.counts.patientsCovered,
  };
}

/** One broadcast, refreshed on its `broadcast.progress` push events. */
export function useBroadcast(id: number) {
  return useQuery('broadcasts.get', { id }, { refreshOn: ['broadcast.progress'] });
}

export function useBroadcastList() {
  return useQuery('broadcasts.list', {}, { refreshOn: ['broadcast.progress'] });
}

/** Pause, resume and cancel. */
export function useBroadcastControl(onDone: () => void) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const run = useCallback(
    async (action: 'broadcasts.pause' | 'broadcasts.resume' | 'broadcasts.cancel', id: number) => {
      setBusy(true);
      setError(undefined);
      try {
        const result = await api.call(action, { id });
        if (!result.ok) setError(result.error);
        onDone();
      } finally {
        setBusy(false);
      }
    },
    [api, onDone],
  );
  return { busy, error, run };
}
