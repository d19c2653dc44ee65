/**
 * Scheduled broadcasts going out: an idempotent job `(now) => …`. A due broadcast (or one left
 * `sending` by an interrupted run) resolves its audience at that moment, then queues one message
 * per address (recipients sharing a phone get one message naming them all, address-groups.ts)
 * with the dedupe key `broadcast:<id>:<first patient of the group>` (rule 6: at most once, across
 * crashes), in batches that yield to the event loop. Pausing holds what is queued and not yet
 * handed to a provider; resuming releases it. The engine applies every rule of DESIGN
 * section 3 at queue time and again before sending. A broadcast missed while the app was closed
 * still goes out at the next start if its window is open; after that it is cancelled.
 */
import type { AppDb } from '../db/database';
import type { Logger } from '../foundation/logger';
import type { EventBus } from '../foundation/event-bus';
import type { MessagingPort } from '../engine/messaging-port';
import type { QueueOutcome, QueueRequest } from '../engine/queue-types';
import { inTransaction } from '../db/database';
import type { AudienceFilter, ChannelPolicy } from '../../shared/contract/broadcasts';
import type { ClinicRuleSettings } from '../engine/rules';
import { loadBroadcastContent, type BroadcastContent } from './content-channels';
import { effectivePurpose, planRecipients, type PlanRequest } from './plan';
import {
  addRecipients,
  broadcastStatus,
  excludePending,
  broadcastsToWorkOn,
  findBroadcast,
  pendingRecipients,
  broadcastProgressCounts,
  setRecipients,
  type RecipientOutcome,
  updateBroadcast,
  type BroadcastRow,
  type PendingRecipient,
} from './broadcasts-repo';
import { resolveAudience } from './audience';
import { groupRecipientsByAddress, pendingAtAddresses, routeOf, type AddressGroup } from './address-groups';
import { joinFirstNames } from '../repos/households-repo';
import { loadBulkFacts, type BulkFacts } from '../engine/bulk-facts';
import type { Channel } from '../../shared/domain';
import { completeIfFinished, progressPayload } from './broadcast-progress';
import { startTally } from './progress-tally';
import { catchUpInSteps, searchIndexBehind } from '../repos/search-deferred-index';
import type { EventPayload } from '../../shared/contract';

export const DEFAULT_WINDOW_MS = 12 * 60 * 60 * 1000;
const BATCH = 500;
/** At most one progress event per this long while batches are queued (and one at the end). */
const PROGRESS_EVERY_MS = 1_000;

export interface BroadcastSenderDeps {
  db: AppDb;
  messaging: MessagingPort;
  events: EventBus;
  logger: Logger;
  clinicTimeZone: () => string;
  /** Quiet hours, daily cap and zone: the rules the plan applies (the engine applies them again). */
  clinicRules: () => ClinicRuleSettings;
  /** Between batches (the app yields to the event loop; tests may pass a hook). */
  betweenBatches?: () => Promise<void>;
  /** Recipients per batch (default 500) and the least time between progress events (default 1 s): tests make them small. */
  batchSize?: number;
  progressEveryMs?: number;
  /** The search catch-up after queueing: rows per step (default CATCH_UP_ROWS) and the pause between steps (a turn of the event loop). */
  searchIndexRowsPerStep?: number;
  betweenSearchIndexSteps?: () => Promise<void>;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Why the engine refused at queue time. Queue-time refusals never involve a provider: the engine
 * reports a message it could not write (a template error) as `permanent_error`, which would read
 * as "the provider refused"; it is a content error.
 */
function refusalReason(out: QueueOutcome | undefined): string {
  if (!out || out.status !== 'refused') return 'queue_error';
  return out.reason === 'permanent_error' ? 'content_error' : out.reason;
}

export function windowEnd(b: BroadcastRow): number {
  return b.windowEndsAt ?? (b.scheduledAt ?? b.createdAt) + DEFAULT_WINDOW_MS;
}

/**
 * The batch with the pending recipients beyond it who share an address with one of its members.
 * Each member's address comes from the batch's facts, which also say whether another contact
 * point holds it: only those addresses are looked up among the broadcast's pending recipients
 * (a broadcast to unique phones looks up nothing).
 */
function withHouseholdSiblings(db: AppDb, broadcastId: number, batch: PendingRecipient[], channel: Channel | undefined, facts: BulkFacts): PendingRecipient[] {
  const shared: Array<{ address: string; kind: 'phone' | 'email' }> = [];
  for (const r of batch) {
    const route = routeOf(facts, r.patientId, channel);
    const kind = route?.channel === 'email' ? 'email' : 'phone';
    if (route && facts.sharesAddress(kind, route.address)) shared.push({ address: route.address, kind });
  }
  if (shared.length === 0) return batch;
  const byId = new Map<number, PendingRecipient>(batch.map((r) => [r.id, r]));
  for (const [, rows] of pendingAtAddresses(db, broadcastId, shared)) for (const r of rows) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()];
}

/**
 * Queues one message per group; when the engine refuses the first member (their own consent,
 * an archived record), the next member of the group is tried, so a sibling who may receive it
 * still does. At most one message per group is ever queued. The recipients each slice settles
 * (queued, or refused with no member left to try) go to `record` inside that slice's
 * transaction: a crash leaves neither messages without their recipients' rows nor the reverse.
 * Returns the outcomes that have a message, by message id.
 */
async function queueGroups(
  messaging: MessagingPort,
  groups: AddressGroup[],
  request: (g: AddressGroup, leader: number) => QueueRequest,
  record: (decided: RecipientOutcome[]) => void,
  facts: BulkFacts,
): Promise<Map<number, QueueOutcome>> {
  const withMessage = new Map<number, QueueOutcome>();
  const refusedBy = new Map<AddressGroup, string[]>();
  let round = groups.map((g) => ({ g, leader: 0 }));
  let firstRound = true;
  while (round.length > 0) {
    const tried = round;
    const next: typeof round = [];
    await messaging.queueBatch(
      tried.map((x) => request(x.g, x.leader)),
      {
        // Indexed for search after the broadcast is queued (run's catch-up), not in its slices.
        deferSearchIndex: true,
        // The batch's facts serve the engine's first slice too, in the first round only (the
        // engine noted that round's queued rows in them).
        ...(firstRound ? { facts } : {}),
        inSlice: (from, outs) => {
          const decided: RecipientOutcome[] = [];
          outs.forEach((out, k) => {
            const x = tried[from + k] as (typeof tried)[number];
            const refused = refusedBy.get(x.g) ?? [];
            if (out.status === 'refused') {
              refusedBy.set(x.g, refused);
              refused.push(refusalReason(out));
              if (x.leader + 1 < x.g.members.length) {
                next.push({ g: x.g, leader: x.leader + 1 });
                return;
              }
            } else {
              withMessage.set(out.messageId, out);
            }
            x.g.members.forEach((m, i) => {
              // Members tried before the one that went were refused for their own reason.
              if (i < x.leader || out.status === 'refused') decided.push({ id: m.recipientId, state: 'excluded', exclusionReason: refused[i] ?? 'queue_error' });
              else decided.push({ id: m.recipientId, state: 'queued', messageId: out.messageId });
            });
          });
          record(decided);
        },
      },
    );
    round = next;
    firstRound = false;
  }
  return withMessage;
}

export function createBroadcastSender(deps: BroadcastSenderDeps) {
  const { db, logger, events } = deps;

  const progress = (b: BroadcastRow) => events.emit('broadcast.progress', progressPayload(db, b));

  async function sendOne(b: BroadcastRow, now: number): Promise<void> {
    let current = b;
    // A broadcast starting now says so with the tally's first count (below): one full count, not two.
    let started = false;
    if (current.status === 'scheduled') {
      if (now > windowEnd(current)) {
        const cancelled = updateBroadcast(db, current.id, { status: 'cancelled', updatedAt: now });
        logger.warn('scheduled broadcast missed its window', { broadcastId: current.id });
        if (cancelled) progress(cancelled);
        return;
      }
      const audience = resolveAudience(db, current.audience as AudienceFilter, now, deps.clinicTimeZone());
      addRecipients(db, current.id, audience, now);
      current = updateBroadcast(db, current.id, { status: 'sending', startedAt: now, updatedAt: now }) ?? current;
      logger.info('broadcast started', { broadcastId: current.id, recipients: audience.length });
      started = true;
    }
    const policy = current.channelPolicy as ChannelPolicy;
    let content: BroadcastContent;
    try {
      content = loadBroadcastContent(db, {
        templateId: current.templateId,
        templateVersionId: current.templateVersionId,
        body: policy.body ?? current.name,
        subject: policy.subject ?? null,
      });
    } catch (error) {
      // The template is gone or has no version: nobody can get it; say so per recipient and finish.
      logger.error('broadcast content could not be loaded', { broadcastId: current.id, error });
      excludePending(db, current.id, 'content_error');
      content = { kind: 'literal', body: '', subject: null, channels: new Set() };
    }
    const request: PlanRequest = {
      purpose: effectivePurpose(current.purpose, content.kind === 'template' ? content.purpose : null),
      emergency: current.emergency,
      channel: policy.channel ?? null,
      contentChannels: content.channels,
    };
    const contentFields =
      content.kind === 'template'
        ? { templateId: content.templateId, templateVersionId: content.templateVersionId }
        : { body: content.body, ...(content.subject ? { subject: content.subject } : {}) };
    // Every batch leaves none of its recipients pending, so the next one starts after it.
    let after = 0;
    let unreported = false;
    let reportedAt = performance.now();
    // Counted once here, then moved on by each batch's decisions (progress-tally.ts); a full count
    // emitted meanwhile (the watcher's, a pause) becomes the new base.
    const tally = startTally(db, current.id);
    let emitting = false;
    const stopRebasing = events.subscribe((name, payload) => {
      const p = payload as EventPayload<'broadcast.progress'>;
      if (name !== 'broadcast.progress' || emitting || p.broadcastId !== current.id) return;
      const { broadcastId: _id, status: _status, ...counts } = p;
      tally.rebase(counts);
    });
    const report = (row: BroadcastRow) => {
      emitting = true;
      try {
        events.emit('broadcast.progress', { broadcastId: row.id, status: row.status, ...tally.counts });
      } finally {
        emitting = false;
      }
      unreported = false;
      reportedAt = performance.now();
    };
    if (started) report(current);
    try {
      await queueAll();
    } finally {
      stopRebasing();
    }

    async function queueAll(): Promise<void> {
      for (;;) {
        // Paused or cancelled by staff between batches: stop here, the rest stays pending.
        if (broadcastStatus(db, current.id) !== 'sending') {
          const fresh = findBroadcast(db, current.id);
          if (unreported && fresh) report(fresh);
          return;
        }
        const first = pendingRecipients(db, current.id, deps.batchSize ?? BATCH, after);
        if (first.length === 0) break;
        after = first[first.length - 1]?.id ?? after;
        // Siblings beyond this batch come along: one message per address, never split by batching.
        // The rules' facts are loaded once for the batch and serve the grouping and the plan alike
        // (again only when siblings joined it).
        const rules = deps.clinicRules();
        const firstFacts = loadBulkFacts(db, first.map((r) => r.patientId), rules.timeZone, now);
        const batch = withHouseholdSiblings(db, current.id, first, policy.channel, firstFacts);
        const facts = batch.length === first.length ? firstFacts : loadBulkFacts(db, batch.map((r) => r.patientId), rules.timeZone, now);
        // The same planning as the confirmation: excluded recipients are recorded with the rule's
        // reason and never handed to the engine; the rest go on the planned channels only, one
        // message per address (a family sharing a phone gets one naming them all).
        const plans = planRecipients(db, batch.map((r) => r.patientId), request, rules, now, facts);
        const toQueue = batch.filter((_, i) => plans[i]?.outcome !== 'exclude');
        const groups = groupRecipientsByAddress(db, toQueue, policy.channel, facts);
        // One list for every request (the engine only reads it).
        const channels = [...content.channels];
        const queueRequest = (g: AddressGroup, leader: number): QueueRequest => {
          const m = g.members[leader] as AddressGroup['members'][number];
          return {
            to: { patientId: m.patientId },
            ...(policy.channel ? { channel: policy.channel } : {}),
            channels,
            origin: 'broadcast',
            purpose: current.purpose,
            emergency: current.emergency,
            broadcastId: current.id,
            variables: { recipients: { firstNames: leader === 0 ? g.firstNames : joinFirstNames(g.members.slice(leader).map((x) => x.firstName)) } },
            ...contentFields,
            dedupeKey: `broadcast:${current.id}:${m.patientId}`,
          };
        };
        const excludedByPlan: RecipientOutcome[] = batch.flatMap((r, i) => {
          const plan = plans[i];
          return plan?.outcome === 'exclude' ? [{ id: r.id, state: 'excluded' as const, exclusionReason: plan.reason }] : [];
        });
        const decided: RecipientOutcome[] = [];
        const record = (rows: RecipientOutcome[]) => {
          // The plan's exclusions are written with the first slice.
          const all = decided.length === 0 && excludedByPlan.length > 0 ? [...excludedByPlan, ...rows] : rows;
          setRecipients(db, all);
          decided.push(...all);
        };
        let withMessage: Map<number, QueueOutcome>;
        try {
          // One engine call per round: chunked transactions, the event loop served between chunks.
          withMessage = groups.length ? await queueGroups(deps.messaging, groups, queueRequest, record, facts) : new Map();
          if (groups.length === 0) inTransaction(db, () => record([]));
        } catch (error) {
          // Left pending: the next run (15 s later) tries these again; dedupe keys prevent doubles.
          // Slices that did commit are counted again, with their recipients.
          logger.error('broadcast batch could not be queued', { broadcastId: current.id, error });
          tally.rebase(broadcastProgressCounts(db, current.id));
          report(current);
          return;
        }
        tally.add(decided, withMessage);
        // Paused while this batch was being queued: what it queued waits too.
        if (broadcastStatus(db, current.id) === 'paused') deps.messaging.holdQueuedFor({ broadcastId: current.id }, 'broadcast_paused');
        unreported = true;
        // At most one event a second: each one is relayed to the window, which re-renders the counts.
        if (performance.now() - reportedAt >= (deps.progressEveryMs ?? PROGRESS_EVERY_MS)) report(current);
        await (deps.betweenBatches ?? yieldToLoop)();
      }
      // Everything is queued; it stays `sending` until every delivery has finished (held ones go out
      // later or are cancelled). The progress watcher completes it as deliveries change; so does a later run.
      // One full count, for the completion and the last report alike.
      const fresh = findBroadcast(db, current.id);
      if (!fresh) return;
      const counts = broadcastProgressCounts(db, current.id);
      const done = completeIfFinished(db, fresh, now, counts);
      if (done || unreported) {
        tally.rebase(counts);
        report(done ?? fresh);
      }
      if (done) logger.info('broadcast completed', { broadcastId: current.id, total: counts.total, queued: counts.queued, excluded: counts.excluded, pending: counts.pending });
    }
  }

  return {
    /** Works on every due broadcast; safe to call again at any time. */
    async run(now: number): Promise<number> {
      const work = broadcastsToWorkOn(db, now);
      for (const b of work) await sendOne(b, now);
      // The messages queued above (or by a run a crash cut short) become searchable, step by step.
      if (searchIndexBehind(db, 'messages')) await catchUpInSteps(db, 'messages', {
          pause: deps.betweenSearchIndexSteps ?? yieldToLoop,
          ...(deps.searchIndexRowsPerStep ? { rowsPerStep: deps.searchIndexRowsPerStep } : {}),
        });
      return work.length;
    },
  };
}
