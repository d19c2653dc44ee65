/**
 * Queueing: one call commits the conversation, the message and its delivery in
 * one transaction and returns. Rules are evaluated here (and again by the dispatcher); a refusal
 * is stored too, with its reason code, so staff can see why nothing went out.
 */
import type { Channel } from '../../shared/domain';
import { normaliseEmail, normalisePhone } from '../../shared/phone';
import type { ClinicSettings } from '../../shared/domain';
import { REASON_TEXT, type ReasonCode } from '../../shared/contract/engine';
import type { Clock } from '../foundation/clock';
import { DomainError, validationError } from '../foundation/errors';
import { inTransaction } from '../db/database';
import {
  ensureConversationFast,
  findMessageByDedupeKey,
  getPatientFacts,
  recordOutboundFast,
} from './engine-repo';
import { insertOutbound, renderContextFor, startingState } from './outbound-rows';
import { releaseEarlierHeld } from './holds-repo';
import { withinReplyWindow } from './reply-window';
import { newRenderCache, renderContent, templatePurpose } from './render';
import { AUTOMATED_ORIGINS, bulkEligible, queueRun, type QueuedIds, type RunDeps } from './bulk-queue';
import { excludedChannels, queueTimeFacts, routeForPatient } from './channel-choice';
import { decide, gatherFacts, isOptOutConfirmation } from './rules';
import type { QueueBatchOptions, QueueOutcome, QueueRequest } from './queue-types';
import { zoneOr } from '../../shared/time-zone';

export interface QueueServiceDeps extends RunDeps {
  clock: Clock;
  clinic: () => ClinicSettings;
  /** After commit: events and waking the dispatcher. */
  afterQueue: (result: QueuedIds) => void;
  /** After a batch's slice commits (default: afterQueue for each); events for a slice, not per message. */
  afterQueueBatch?: (results: QueuedIds[]) => void;
}

export type { RenderContext } from './outbound-rows';

function isUniqueDedupe(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /dedupe_key/.test(e.message ?? '');
}

export function normaliseAddress(channel: Channel, raw: string, defaultCountry: string): string {
  const r = channel === 'email' ? normaliseEmail(raw) : normalisePhone(raw.replace(/^whatsapp:/, ''), defaultCountry);
  if (!r.ok) throw validationError(r.reason);
  return r.value;
}


export { DEFAULT_REPLY_WINDOW_HOURS } from './reply-window';

export function createQueueService(deps: QueueServiceDeps) {
  const { db, clock } = deps;

  /** Whether this message answers the patient: an automatic answer, or staff writing back inside the reply window. */
  function answers(request: QueueRequest, now: number, clinic: ClinicSettings): boolean {
    if (request.purpose !== 'transactional' || request.broadcastId != null) return false;
    if (request.origin === 'auto_reply') return request.answersPatient === true;
    if (request.origin !== 'staff') return false;
    const target = 'patientId' in request.to ? { patientId: request.to.patientId } : { address: request.to.address.replace(/^whatsapp:/, '') };
    return withinReplyWindow(db, target, clinic, now);
  }

  function queueOne(request: QueueRequest, after: (ids: QueuedIds) => void): QueueOutcome {
    const now = clock.now();
    const clinic = deps.clinic();
    const emergency = request.emergency === true;
    const optOutConfirmation = isOptOutConfirmation(request.origin, request.dedupeKey);
    // A marketing template stays marketing whatever the caller says (consent rule 2).
    const purpose = request.templateId !== undefined && templatePurpose(db, request.templateId) === 'marketing' ? 'marketing' : request.purpose;
    if (request.dedupeKey) {
      const existing = findMessageByDedupeKey(db, request.dedupeKey);
      if (existing) return { status: 'duplicate', messageId: existing.id };
    }

    let patientId: number | null = null;
    let channel: Channel;
    let address: string;
    let outcome: { kind: 'send' } | { kind: 'hold'; reason: string; until: number } | { kind: 'refuse'; reason: ReasonCode };
    const patient = 'patientId' in request.to ? getPatientFacts(db, request.to.patientId) : undefined;
    const holdExempt = purpose === 'transactional' && answers(request, now, clinic);

    if ('patientId' in request.to) {
      if (!patient) throw new DomainError('not_found', 'That patient was not found');
      patientId = patient.id;
      ({ channel, address, outcome } = routeForPatient(
        queueTimeFacts(db),
        patient.archived === 1,
        { patientId, explicit: request.channel ?? null, purpose, emergency, optOutConfirmation, exclude: excludedChannels(request.channels), holdExempt },
        clinic,
        now,
      ));
    } else {
      channel = request.channel ?? request.to.channel;
      address = normaliseAddress(channel, request.to.address, clinic.defaultCountry);
      const facts = gatherFacts(
        db,
        { patientId: null, channel, address, purpose, emergency, stage: 'queue', deliveryId: -1, optOutConfirmation, holdExempt },
        clinic,
        now,
      );
      outcome = decide(facts, now);
    }

    const zone = zoneOr(patient?.time_zone, clinic.timeZone);
    const rendered = renderContent(db, {
      channel,
      templateId: request.templateId,
      templateVersionId: request.templateVersionId ?? null,
      literalBody: request.body ?? null,
      literalSubject: request.subject ?? null,
      patient: patient ? { firstName: patient.first_name, lastName: patient.last_name, language: patient.language } : null,
      zone,
      appointmentId: request.appointmentId ?? null,
      variables: request.variables,
      clinic,
      unsubscribeUrl: channel === 'email' && address !== '' ? deps.unsubscribeUrlFor(address) : null,
      now,
    });
    const renderContext = renderContextFor(request, rendered);
    const notBefore = request.notBefore ?? null;
    const start = startingState(outcome, now, notBefore);

    let ids: { messageId: number; deliveryId: number; conversationId: number };
    try {
      ids = inTransaction(db, () => {
        const automated = AUTOMATED_ORIGINS.has(request.origin);
        const conversationId = ensureConversationFast(db, patientId !== null ? { patientId } : { address }, now, { open: request.origin === 'staff' });
        const { messageId, deliveryId } = insertOutbound(db, request, {
          conversationId,
          patientId,
          channel,
          address,
          rendered,
          purpose,
          emergency,
          holdExempt,
          renderContext,
          start,
          provider: deps.providerFor(channel),
          now,
        });
        // Reminders, broadcasts and notices are in the thread but do not bury patients' replies.
        recordOutboundFast(db, conversationId, rendered.body, now, automated);
        if (start.state === 'queued' && !holdExempt && address !== '' && (notBefore ?? now) <= now) releaseEarlierHeld(db, channel, address, deliveryId, now);
        return { messageId, deliveryId, conversationId };
      });
    } catch (error) {
      if (request.dedupeKey && isUniqueDedupe(error)) {
        const existing = findMessageByDedupeKey(db, request.dedupeKey);
        if (existing) return { status: 'duplicate', messageId: existing.id };
      }
      throw error;
    }
    after(ids);

    if (outcome.kind === 'refuse') {
      return { status: 'refused', reason: outcome.reason, detail: REASON_TEXT[outcome.reason] };
    }
    return {
      status: 'queued',
      messageId: ids.messageId,
      deliveryId: ids.deliveryId,
      channel,
      held: outcome.kind === 'hold' ? { reason: outcome.reason, until: outcome.until } : null,
    };
  }

  /**
   * Many sends at once (a broadcast, a day's reminders): the same as `queue` for each, in order.
   * Messages to patients from anything but staff go through `queueRun` (bulk-queue.ts): the
   * rules' facts from a few set-based queries per slice, each template loaded once, rows written
   * with prepared statements, at most `maxPerSlice` requests per transaction, and a turn of the
   * event loop between slices so other calls are answered. The rest (staff replies, bare
   * addresses) go one by one through `queue`. Events are coarse: per slice, not per message.
   */
  async function queueBatch(requests: QueueRequest[], options: QueueBatchOptions = {}): Promise<QueueOutcome[]> {
    // A slice is one transaction and one block of the core thread: other calls wait at most that long.
    const maxPerSlice = options.maxPerSlice ?? 500;
    const out: QueueOutcome[] = [];
    let i = 0;
    while (i < requests.length) {
      const written: QueuedIds[] = [];
      inTransaction(db, () => {
        const from = i;
        const end = Math.min(requests.length, i + maxPerSlice);
        const cache = newRenderCache();
        while (i < end) {
          let j = i;
          while (j < end && bulkEligible(requests[j] as QueueRequest)) j++;
          if (j > i) {
            const run = queueRun(deps, requests.slice(i, j), deps.clinic(), clock.now(), cache, {
              deferSearchIndex: options.deferSearchIndex === true,
              // Only before the first turn of the loop: nothing else has written since the caller loaded them.
              ...(i === 0 && options.facts ? { facts: options.facts } : {}),
            });
            out.push(...run.outcomes);
            written.push(...run.written);
            i = j;
            continue;
          }
          const r = requests[i++] as QueueRequest;
          try {
            out.push(queueOne(r, (ids) => written.push(ids)));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            out.push({ status: 'refused', reason: 'permanent_error', detail: error.message });
          }
        }
        options.inSlice?.(from, out.slice(from));
      });
      if (written.length > 0) (deps.afterQueueBatch ?? ((ids: QueuedIds[]) => ids.forEach(deps.afterQueue)))(written);
      if (i < requests.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  }

  const queue = (request: QueueRequest): QueueOutcome => queueOne(request, deps.afterQueue);

  return { queue, queueBatch };
}

export type QueueService = ReturnType<typeof createQueueService>;
