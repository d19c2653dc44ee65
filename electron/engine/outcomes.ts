/**
 * What a provider's answer does to a delivery: accepted, offline, retry later, permanent failure
 * (with its effect on the contact point or the suppression list) and the one-time channel fallback.
 * Every function here writes; callers run them inside a transaction or a group commit.
 */
import type { Channel } from '../../shared/domain';
import type { Accepted, ProviderError } from '../providers/provider-types';
import { backoffDelay } from './backoff';
import { chooseChannel, excludedChannels } from './channel-choice';
import type { DispatchContext } from './dispatch-context';
import { acceptAttempt, deleteAttempt, endAttempt, getAttempt, latestAttempt, scheduleLookup } from './attempts-repo';
import { addSuppression, deliveriesOfMessage, getDelivery, getMessage, insertDelivery, markContactInvalid, updateDelivery, type DeliveryRow, type MessageRow } from './engine-repo';
import { mapPermanent } from './error-map';
import type { RenderContext } from './queue-service';
import { segmentsOf } from './render';
import { contactKind } from './rules';
import { inTx } from '../db/sql-cache';

export class Outcomes {
  constructor(private readonly ctx: DispatchContext) {}

  private get deps() {
    return this.ctx.deps;
  }

  /** Runs a write for one row, logging instead of throwing (a failure must not stop the others). */
  safely(id: number, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.deps.logger.error('engine: could not record the outcome of a delivery', { deliveryId: id, error });
    }
  }

  /** Ends the delivery's latest attempt if it is still open (an accepted attempt keeps its outcome). */
  private closeAttempt(deliveryId: number, outcome: string, providerId: string | null): void {
    const a = latestAttempt(this.deps.db, deliveryId);
    if (a && (a.ended_at === null || providerId !== null)) endAttempt(this.deps.db, a.id, outcome, providerId, this.deps.clock.now());
  }

  /**
   * The provider accepted the delivery. `attemptNo` is the attempt the caller just made (the
   * sending path knows it, so no lookup of the latest attempt); without it, the latest is closed.
   */
  recordAccepted(id: number, a: Accepted, attemptNo?: number): void {
    const now = this.deps.clock.now();
    updateDelivery(this.deps.db, id, {
      state: a.finalState ?? 'sent',
      provider_id: a.providerId,
      provider_status: a.providerStatus,
      sender: a.sender,
      ...(a.segments !== null ? { segments: a.segments } : {}),
      price: a.price,
      price_unit: a.priceUnit,
      sent_at: now,
      // A row in `sending` has no final_at: leave the column (and its index) alone unless final.
      ...(a.finalState ? { final_at: now } : {}),
      next_attempt_at: a.finalState ? null : now + this.ctx.opts.pollIntervalMs,
      error_code: null,
      error_text: null,
      reason_code: null,
      updated_at: now,
    });
    if (attemptNo === undefined) this.closeAttempt(id, 'accepted', a.providerId);
    else acceptAttempt(this.deps.db, id, attemptNo, a.providerId, now);
    this.ctx.commits.changed(id);
  }

  /**
   * Nothing reached the provider (offline, or it rejected the credentials): back to `queued`
   * without spending an attempt; the attempt record is dropped.
   */
  notSent(id: number, reason: 'offline' | 'credentials_rejected', e: ProviderError): void {
    const row = getDelivery(this.deps.db, id);
    if (!row || row.state !== 'sending') return;
    const now = this.deps.clock.now();
    const a = latestAttempt(this.deps.db, id);
    if (a && a.attempt_no === row.attempt_count && a.provider_id === null) deleteAttempt(this.deps.db, a.id);
    updateDelivery(this.deps.db, id, {
      state: 'queued',
      attempt_count: Math.max(0, row.attempt_count - 1),
      reason_code: reason,
      next_attempt_at: now,
      error_code: e.code,
      error_text: e.message,
      updated_at: now,
    });
    this.ctx.commits.changed(id);
  }

  /**
   * A row committed `sending` whose call never started (stopping, its provider went offline or
   * was paused, its address was suppressed meanwhile): back to `queued` as if it had not been
   * picked, without spending an attempt; its attempt record is dropped.
   */
  unsend(id: number, attemptNo: number, reason: 'offline' | 'credentials_rejected' | null): void {
    const { db, clock } = this.deps;
    const row = getDelivery(db, id);
    if (!row || row.state !== 'sending' || row.attempt_count !== attemptNo) return;
    const a = getAttempt(db, id, attemptNo);
    if (a && a.provider_id === null) deleteAttempt(db, a.id);
    const now = clock.now();
    updateDelivery(db, id, { state: 'queued', attempt_count: Math.max(0, attemptNo - 1), reason_code: reason, next_attempt_at: now, updated_at: now });
    this.ctx.commits.changed(id);
  }

  /**
   * The provider may have accepted the attempt (a crash, a reset connection, a timeout, a 5xx):
   * the row stays `sending`, shown as "checking with the provider", and its attempt is looked up
   * over the grace window before anything is sent again (reconciling.ts).
   */
  startChecking(id: number, e: ProviderError | null): void {
    const { db, clock } = this.deps;
    const opts = this.ctx.opts;
    const row = getDelivery(db, id);
    if (!row || row.state !== 'sending') return;
    const a = latestAttempt(db, id);
    const now = clock.now();
    if (!a) {
      // Nothing records what was sent (cannot happen for rows sent by this version): send again.
      updateDelivery(db, id, { state: 'queued', reason_code: 'retry_wait', next_attempt_at: now, updated_at: now });
      this.ctx.commits.changed(id);
      return;
    }
    const until = Math.max(a.started_at + opts.reconcileGraceMs, now);
    scheduleLookup(db, a.id, until, now + this.ctx.jittered(opts.lookupBaseMs, opts.lookupMaxMs, 0) * (e ? 1 : 0), 0);
    updateDelivery(db, id, {
      reason_code: 'checking_provider',
      ...(e ? { error_code: e.code, error_text: e.message } : {}),
      updated_at: now,
    });
    this.ctx.commits.changed(id);
  }

  /** Back to `queued` after a backoff, or final when out of attempts/age. */
  retryLater(id: number, code: string | null, text: string | null, retryAfterMs?: number, reason: 'retry_wait' | 'engine_error' = 'retry_wait'): void {
    const { db, clock } = this.deps;
    const opts = this.ctx.opts;
    const now = clock.now();
    inTx(db, () => {
      const row = getDelivery(db, id);
      if (!row) return;
      const message = getMessage(db, row.message_id);
      if (!message) return;
      if (row.attempt_count >= opts.backoff.maxAttempts) {
        this.failInTx(row, message, 'max_attempts', code, text, false);
        return;
      }
      const delay = backoffDelay(opts.backoff, row.attempt_count, this.deps.random, retryAfterMs);
      if (now + delay - message.created_at > opts.backoff.maxAgeMs) {
        this.failInTx(row, message, 'expired', code, text, false);
        return;
      }
      this.closeAttempt(id, 'retry', null);
      updateDelivery(db, id, {
        state: 'queued',
        reason_code: reason,
        next_attempt_at: now + delay,
        error_code: code,
        error_text: text,
        provider_id: null,
        updated_at: now,
      });
    });
    this.ctx.commits.changed(id);
  }

  permanent(id: number, e: ProviderError): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    inTx(db, () => {
      const row = getDelivery(db, id);
      if (!row) return;
      const message = getMessage(db, row.message_id);
      if (!message) return;
      const ctx = (message.render_context ? JSON.parse(message.render_context) : {}) as RenderContext;
      if (e.code === '63016' && ctx.whatsappContent && row.error_code !== '63016') {
        // Outside the window: send the approved template instead, once.
        updateDelivery(db, id, { state: 'queued', reason_code: 'whatsapp_window', error_code: '63016', error_text: e.message, next_attempt_at: now, updated_at: now });
        return;
      }
      const mapping = mapPermanent(e.code);
      const kind = contactKind(row.channel);
      switch (mapping.effect) {
        case 'contact_invalid':
        case 'contact_invalid_async':
          markContactInvalid(db, kind, row.address, 'invalid', `${e.code}: ${e.message}`, now);
          break;
        case 'suppress_opt_out':
          addSuppression(db, { channel: row.channel, address: row.address, reason: 'provider_opt_out', detail: e.message }, now);
          break;
        case 'suppress_hard_bounce':
          addSuppression(db, { channel: 'email', address: row.address, reason: 'hard_bounce', detail: e.message }, now);
          markContactInvalid(db, 'email', row.address, 'bouncing', e.message, now);
          break;
        case null:
          break;
      }
      this.failInTx(row, message, mapping.reason, e.code, e.message, true);
    });
    this.ctx.commits.changed(id);
  }

  finalFail(id: number, reason: string, code: string | null, text: string | null): void {
    const { db } = this.deps;
    inTx(db, () => {
      const row = getDelivery(db, id);
      const message = row && getMessage(db, row.message_id);
      if (row && message) this.failInTx(row, message, reason, code, text, false);
    });
    this.ctx.commits.changed(id);
  }

  /** Marks the row failed (inside a transaction) and, when allowed, falls back once. */
  failInTx(
    row: DeliveryRow,
    message: MessageRow,
    reason: string,
    code: string | null,
    text: string | null,
    fallback: boolean,
    state: 'failed' | 'undelivered' = 'failed',
  ): void {
    const now = this.deps.clock.now();
    if (row.state === 'sending') this.closeAttempt(row.id, 'failed', null);
    updateDelivery(this.deps.db, row.id, {
      state,
      reason_code: reason,
      error_code: code,
      error_text: text,
      next_attempt_at: null,
      final_at: now,
      updated_at: now,
    });
    if (fallback) this.fallbackInTx(row, message, now);
  }

  /** Rule 5: once per message, the next allowed channel (not for explicit-channel sends). */
  private fallbackInTx(row: DeliveryRow, message: MessageRow, now: number): number | null {
    const { db } = this.deps;
    if (message.patient_id === null) return null;
    const ctx = (message.render_context ? JSON.parse(message.render_context) : { explicitChannel: true }) as RenderContext;
    if (ctx.explicitChannel) return null;
    const all = deliveriesOfMessage(db, message.id);
    if (all.some((d) => d.fallback_of_delivery_id !== null)) return null;
    const tried = new Set<Channel>([...all.map((d) => d.channel), ...(excludedChannels(ctx.channels) ?? [])]);
    const choice = chooseChannel(
      db,
      { patientId: message.patient_id, explicit: null, purpose: message.purpose, emergency: message.emergency === 1, exclude: tried },
      this.deps.clinic(),
      now,
    );
    if (!choice.ok) return null;
    const held = choice.decision.kind === 'hold' ? choice.decision : null;
    const id = insertDelivery(db, {
      messageId: message.id,
      channel: choice.channel,
      address: choice.address,
      provider: this.deps.providerNameFor(choice.channel),
      state: held ? 'held' : 'queued',
      reasonCode: held ? held.reason : null,
      nextAttemptAt: held ? held.until : now,
      segments: segmentsOf(choice.channel, message.body),
      fallbackOfDeliveryId: row.id,
      now,
    });
    this.deps.logger.info('engine: fell back to another channel', { deliveryId: row.id, fallbackId: id, channel: choice.channel });
    return id;
  }
}
