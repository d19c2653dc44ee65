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
import type { AudienceCount, AudienceFilter, BroadcastProgress, ChannelPolicy } from './broadcast-model';

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
  if (filter.language) out.language = filter.language;
  return out;
}

function toWirePolicy(policy: ChannelPolicy): InputOf<'broadcasts.createDraft'>['channelPolicy'] {
  return policy.channel ? { channel: policy.channel } : {};
}

export interface AudienceCountState {
  value: AudienceCount | undefined;
  loading: boolean;
  error: CallError | undefined;
}

/** The live count of the audience. The core reports the matched count only (no breakdown yet). */
export function useAudienceCount(filter: AudienceFilter, _policy: ChannelPolicy, _emergency: boolean, _templateId: number | null, enabled: boolean): AudienceCountState {
  const [now] = useState(() => Date.now());
  const query = useQuery('broadcasts.previewAudience', { audience: toWireAudience(filter, now) }, { enabled, refreshOn: ['patients.changed'] });
  const value: AudienceCount | undefined = query.value
    ? { matched: query.value.count, hasBreakdown: false, byChannel: {}, held: [], excluded: [], filteredBy: [] }
    : undefined;
  return { value, loading: query.loading, error: query.error };
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

export function toProgress(b: WireBroadcast): BroadcastProgress {
  return {
    broadcastId: b.id,
    status: b.status,
    total: b.counts.total,
    queued: b.counts.queued,
    pending: b.counts.pending,
    excluded: b.counts.excluded,
    sent: null,
    delivered: null,
    failed: null,
    held: null,
    cancelled: null,
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
