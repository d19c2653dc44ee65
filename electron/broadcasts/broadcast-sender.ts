/**
 * Scheduled broadcasts going out: an idempotent job `(now) => …`. A due broadcast (or one left
 * `sending` by an interrupted run) resolves its audience at that moment, then queues one message
 * per recipient with the dedupe key `broadcast:<id>:<patientId>` (rule 6: at most once, across
 * crashes), in batches that yield to the event loop. The engine applies every rule of DESIGN
 * section 3 at queue time and again before sending. A broadcast missed while the app was closed
 * still goes out at the next start if its window is open; after that it is cancelled.
 */
import type { AppDb } from '../db/database';
import type { Logger } from '../core/logger';
import type { EventBus } from '../core/event-bus';
import type { MessagingPort } from '../scheduler/messaging-port';
import type { QueueOutcome, QueueRequest } from '../engine/queue-types';
import { inTransaction } from '../db/database';
import type { AudienceFilter, ChannelPolicy } from '../../shared/contract/broadcasts';
import type { ClinicRuleSettings } from '../engine/rules';
import { loadBroadcastContent, type BroadcastContent } from './content-channels';
import { effectivePurpose, planRecipients, type PlanRequest } from './plan';
import {
  addRecipients,
  excludePending,
  broadcastsToWorkOn,
  findBroadcast,
  pendingRecipients,
  recipientCounts,
  setRecipient,
  updateBroadcast,
  type BroadcastRow,
} from './broadcasts-repo';
import { resolveAudience } from './audience';
import { completeIfFinished, progressPayload } from './broadcast-progress';

export const DEFAULT_WINDOW_MS = 12 * 60 * 60 * 1000;
const BATCH = 500;

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

export function createBroadcastSender(deps: BroadcastSenderDeps) {
  const { db, logger, events } = deps;

  const progress = (b: BroadcastRow) => events.emit('broadcast.progress', progressPayload(db, b));

  async function sendOne(b: BroadcastRow, now: number): Promise<void> {
    let current = b;
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
      progress(current);
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
    for (;;) {
      // Paused or cancelled by staff between batches: stop here, the rest stays pending.
      const fresh = findBroadcast(db, current.id);
      if (!fresh || fresh.status !== 'sending') return;
      const batch = pendingRecipients(db, current.id, BATCH);
      if (batch.length === 0) break;
      // The same planning as the confirmation: excluded recipients are recorded with the rule's
      // reason and never handed to the engine; the rest go on the planned channels only.
      const plans = planRecipients(db, batch.map((r) => r.patientId), request, deps.clinicRules(), now, { broadcastId: current.id });
      const toQueue = batch.filter((_, i) => plans[i]?.outcome !== 'exclude');
      const requests: QueueRequest[] = toQueue.map((r) => ({
        to: { patientId: r.patientId },
        ...(policy.channel ? { channel: policy.channel } : {}),
        channels: [...content.channels],
        origin: 'broadcast',
        purpose: current.purpose,
        emergency: current.emergency,
        broadcastId: current.id,
        ...contentFields,
        dedupeKey: `broadcast:${current.id}:${r.patientId}`,
      }));
      let outcomes: QueueOutcome[];
      try {
        // One engine call per batch: chunked transactions, the event loop served between chunks.
        outcomes = requests.length ? await deps.messaging.queueBatch(requests) : [];
      } catch (error) {
        // Left pending: the next run (15 s later) tries these again; dedupe keys prevent doubles.
        logger.error('broadcast batch could not be queued', { broadcastId: current.id, error });
        return;
      }
      inTransaction(db, () => {
        batch.forEach((r, i) => {
          const plan = plans[i];
          if (plan?.outcome === 'exclude') setRecipient(db, r.id, { state: 'excluded', exclusionReason: plan.reason });
        });
        toQueue.forEach((r, i) => {
          const out = outcomes[i];
          if (!out || out.status === 'refused') setRecipient(db, r.id, { state: 'excluded', exclusionReason: refusalReason(out) });
          else setRecipient(db, r.id, { state: 'queued', messageId: out.messageId });
        });
      });
      progress(current);
      await (deps.betweenBatches ?? yieldToLoop)();
    }
    // Everything is queued; it stays `sending` until every delivery has finished (held ones go out
    // later or are cancelled). The progress watcher completes it as deliveries change; so does a later run.
    const fresh = findBroadcast(db, current.id);
    const done = fresh ? completeIfFinished(db, fresh, now) : null;
    if (done) {
      progress(done);
      logger.info('broadcast completed', { broadcastId: current.id, ...recipientCounts(db, current.id) });
    }
  }

  return {
    /** Works on every due broadcast; safe to call again at any time. */
    async run(now: number): Promise<number> {
      const work = broadcastsToWorkOn(db, now);
      for (const b of work) await sendOne(b, now);
      return work.length;
    },
  };
}
