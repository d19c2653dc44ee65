/**
 * Queueing many messages to patients in one transaction at SQLite speed: the rules' facts for the
 * whole run come from a few set-based queries (bulk-facts.ts), each template version is loaded
 * once (render.ts's cache; Liquid parses are cached by shared/templates), and rows are written with
 * cached prepared statements. It does what `queue` does for each request, in order, with the same
 * rows and outcomes (queue-batch.property.test.ts compares the two on random data); what a request
 * changes that a later one reads (the cap's count, dedupe keys, households and conversations) is
 * tracked in memory for the run. Staff messages (the reply window) and bare addresses are not
 * handled here; queueBatch sends those through `queue`.
 */
import type { Channel, ClinicSettings, Purpose } from '../../shared/domain';
import { REASON_TEXT, type ReasonCode } from '../../shared/contract/engine';
import { DomainError } from '../foundation/errors';
import type { AppDb } from '../db/database';
import { previewOf, recordOutboundFast } from './engine-repo';
import { releaseEarlierHeld } from './holds-repo';
import { renderContent, templatePurpose, type RenderCache, type RenderedContent } from './render';
import { isOptOutConfirmation } from './rules';
import { loadBulkFacts, type BulkFacts } from './bulk-facts';
import { resolveConversations, type ThreadFor } from './bulk-conversations';
import { stmt } from '../db/sql-cache';
import { excludedChannels, routeForPatient } from './channel-choice';
import type { QueueOutcome, QueueRequest } from './queue-types';
import { insertOutboundMany, renderContextFor, startingState, type RenderContext, type StartingState } from './outbound-rows';
import { deferSearchIndex, withDeferredSearchIndex } from '../repos/search-deferred-index';
import { zoneOr } from '../../shared/time-zone';

/** Automatic messages that appear in a thread without opening it or moving it up the list. */
export const AUTOMATED_ORIGINS: ReadonlySet<string> = new Set(['broadcast', 'reminder', 'appointment_event']);

/** The channels a request's `channels` list rules out (none without a list). */
/** Whether `queueRun` can take the request: a patient, and no reply-window lookup (staff messages). */
export function bulkEligible(r: QueueRequest): boolean {
  return 'patientId' in r.to && r.origin !== 'staff';
}

export interface QueuedIds {
  messageId: number;
  deliveryId: number;
  conversationId: number;
}

const IDS = 'select value from json_each(?)';

/** Held rows that a queued message to the same address could release (see releaseEarlierHeld). */
function heldAddresses(db: AppDb, now: number): Set<string> {
  const rows = stmt(
    db,
    `select distinct channel, address from deliveries where state = 'held' and next_attempt_at > ? and reason_code in ('quiet_hours','daily_cap')`,
  ).all(now) as Array<{ channel: string; address: string }>;
  return new Set(rows.map((r) => `${r.channel}|${r.address}`));
}

/** What a bulk run needs of the queue service's dependencies. */
export interface RunDeps {
  db: AppDb;
  providerFor: (channel: Channel) => string;
  /** One-click unsubscribe target for an email address (null when none is configured). */
  unsubscribeUrlFor: (address: string) => string | null;
}
type RunResult = { outcomes: QueueOutcome[]; written: QueuedIds[] };

/** How a run's messages reach the search index. */
export interface RunOptions {
  /**
   * Leave them to the catch-up (repos/search-deferred-index.ts: catchUpInSteps) instead of
   * indexing them in this transaction: a broadcast is queued sooner and searchable a little later.
   */
  deferSearchIndex?: boolean;
  /**
   * The rules' facts for every patient of the requests, loaded by the caller in this same turn of
   * the event loop (nothing written since): used instead of loading them again when they are
   * still good for this run's time (BulkFacts.reusableAt). The run notes its queued rows in them.
   */
  facts?: BulkFacts;
}

/**
 * Queues `requests` (all bulkEligible) in order; call inside a transaction. Returns one outcome
 * per request and the ids of what was written, for the events after commit. The run's message
 * bodies are indexed for search in one statement at its end instead of by the per-row trigger
 * (the larger part of a broadcast's cost otherwise); they are searchable once the run commits.
 * With `deferSearchIndex` they are left above the search watermark for the catch-up instead.
 */
export function queueRun(deps: RunDeps, requests: readonly QueueRequest[], clinic: ClinicSettings, now: number, cache: RenderCache, options: RunOptions = {}): RunResult {
  if (options.deferSearchIndex) {
    deferSearchIndex(deps.db, 'messages');
    return queueRows(deps, requests, clinic, now, cache, options.facts);
  }
  return withDeferredSearchIndex(deps.db, ['messages'], () => queueRows(deps, requests, clinic, now, cache, options.facts));
}

function queueRows(deps: RunDeps, requests: readonly QueueRequest[], clinic: ClinicSettings, now: number, cache: RenderCache, given?: BulkFacts): RunResult {
  const { db } = deps;
  const patientIdOf = (r: QueueRequest) => ('patientId' in r.to ? r.to.patientId : -1);
  const purposes = new Map<number, string | null>();
  const purposeOfTemplate = (id: number) => {
    if (!purposes.has(id)) purposes.set(id, templatePurpose(db, id));
    return purposes.get(id);
  };
  const keys = requests.flatMap((r) => (r.dedupeKey ? [r.dedupeKey] : []));
  const dedupe = new Map<string, number | Row>(
    keys.length === 0
      ? []
      : (stmt(db, `select dedupe_key k, id from messages where dedupe_key in (${IDS})`).all(JSON.stringify(keys)) as Array<{ k: string; id: number }>).map((r) => [r.k, r.id]),
  );
  const facts = given?.reusableAt(clinic.timeZone, now) ? given : loadBulkFacts(db, requests.map(patientIdOf), clinic.timeZone, now);
  // First every decision and rendering (in memory), then the threads set-based, then the rows.
  const outcomes: Array<QueueOutcome | Row | { duplicateOf: Row }> = [];
  const rows: Row[] = [];

  for (const request of requests) {
    const patientId = patientIdOf(request);
    const emergency = request.emergency === true;
    const optOutConfirmation = isOptOutConfirmation(request.origin, request.dedupeKey);
    const purpose = request.templateId !== undefined && purposeOfTemplate(request.templateId) === 'marketing' ? 'marketing' : request.purpose;
    const seen = request.dedupeKey ? dedupe.get(request.dedupeKey) : undefined;
    if (seen !== undefined) {
      outcomes.push(typeof seen === 'number' ? { status: 'duplicate', messageId: seen } : { duplicateOf: seen });
      continue;
    }
    const patient = facts.patient(patientId);
    if (!patient) {
      outcomes.push({ status: 'refused', reason: 'permanent_error', detail: 'That patient was not found' });
      continue;
    }
    // An automatic answer to the patient's own message (staff replies are not in a run).
    const holdExempt = purpose === 'transactional' && request.broadcastId == null && request.origin === 'auto_reply' && request.answersPatient === true;
    const { channel, address, outcome } = routeForPatient(
      facts,
      patient.archived === 1,
      { patientId, explicit: request.channel ?? null, purpose, emergency, optOutConfirmation, exclude: excludedChannels(request.channels), holdExempt },
      clinic,
      now,
    );
    const zone = zoneOr(patient.time_zone, clinic.timeZone);
    let rendered: RenderedContent;
    try {
      rendered = renderContent(
        db,
        {
          channel,
          templateId: request.templateId,
          templateVersionId: request.templateVersionId ?? null,
          literalBody: request.body ?? null,
          literalSubject: request.subject ?? null,
          patient: { firstName: patient.first_name, lastName: patient.last_name, language: patient.language },
          zone,
          appointmentId: request.appointmentId ?? null,
          variables: request.variables,
          clinic,
          unsubscribeUrl: channel === 'email' && address !== '' ? deps.unsubscribeUrlFor(address) : null,
          now,
        },
        cache,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ status: 'refused', reason: 'permanent_error', detail: error.message });
      continue;
    }
    const start = startingState(outcome, now, request.notBefore ?? null);
    const row: Row = { request, patientId, channel, address, purpose, emergency, holdExempt, rendered, renderContext: renderContextFor(request, rendered), start, outcome, messageId: 0, deliveryId: 0 };
    rows.push(row);
    outcomes.push(row);
    if (start.state === 'queued') facts.noteQueued(patientId, start.nextAttemptAt);
    if (request.dedupeKey) dedupe.set(request.dedupeKey, row);
  }

  const threads = resolveConversations(db, facts, requests.map(patientIdOf), rows.map((r) => ({ patientId: r.patientId, preview: previewOf(r.rendered.body) })), now);
  const previewSet = new Set<number>();
  const release = new Map<string, { channel: Channel; address: string; before: number }>();
  const written: QueuedIds[] = [];
  const inserted = insertOutboundMany(
    db,
    rows.map((row, i) => ({ request: row.request, row: { ...row, conversationId: (threads[i] as ThreadFor).id, provider: deps.providerFor(row.channel), now } })),
  );
  rows.forEach((row, i) => {
    const { request, channel, address, rendered, start } = row;
    const conversation = threads[i] as ThreadFor;
    const conversationId = conversation.id;
    const automated = AUTOMATED_ORIGINS.has(request.origin);
    if (conversation.created) previewSet.add(conversationId);
    const ids = inserted[i] as { messageId: number; deliveryId: number };
    row.messageId = ids.messageId;
    row.deliveryId = ids.deliveryId;
    // Once a thread has a last message, an automatic one changes nothing in it (recordOutboundFast);
    // a thread this run created holds this message as its last already.
    if (!conversation.created && (!automated || !previewSet.has(conversationId))) {
      recordOutboundFast(db, conversationId, rendered.body, now, automated);
      previewSet.add(conversationId);
    }
    const notBefore = request.notBefore ?? null;
    if (start.state === 'queued' && !row.holdExempt && address !== '' && (notBefore ?? now) <= now) {
      release.set(`${channel}|${address}`, { channel, address, before: ids.deliveryId });
    }
    written.push({ ...ids, conversationId });
  });

  // Releasing earlier held messages per address once, below the run's last queued row there:
  // the same rows the per-message release would have moved (it only ever moves rows before it).
  if (release.size > 0) {
    const held = heldAddresses(db, now);
    for (const [key, r] of release) if (held.has(key)) releaseEarlierHeld(db, r.channel, r.address, r.before, now);
  }
  return { outcomes: outcomes.map(finalOutcome), written };
}

type Decision = { kind: 'send' } | { kind: 'hold'; reason: string; until: number } | { kind: 'refuse'; reason: ReasonCode };

/** A request that gets a message: what pass one decided and rendered, and the ids pass two wrote. */
interface Row {
  request: QueueRequest;
  patientId: number;
  channel: Channel;
  address: string;
  purpose: Purpose;
  emergency: boolean;
  holdExempt: boolean;
  rendered: RenderedContent;
  renderContext: RenderContext;
  start: StartingState;
  outcome: Decision;
  messageId: number;
  deliveryId: number;
}

function finalOutcome(o: QueueOutcome | Row | { duplicateOf: Row }): QueueOutcome {
  if ('duplicateOf' in o) return { status: 'duplicate', messageId: o.duplicateOf.messageId };
  if (!('request' in o)) return o;
  const { outcome, messageId, deliveryId, channel } = o;
  if (outcome.kind === 'refuse') return { status: 'refused', reason: outcome.reason, detail: REASON_TEXT[outcome.reason] };
  return { status: 'queued', messageId, deliveryId, channel, held: outcome.kind === 'hold' ? { reason: outcome.reason, until: outcome.until } : null };
}
