/**
 * The dispatcher (issue 3 item 4): picks due deliveries, re-checks the rules, paces each sender
 * in segments per second, sends with bounded concurrency, and records every answer.
 *
 * Crash safety: a row is committed as `sending` (with attempt_started_at) before the provider
 * call and the answer is committed after it. Rows found in `sending` at start-up — and rows whose
 * call ended ambiguously (a reset connection or timeout after the request went out) — are
 * reconciled with the provider before anything is sent again (Twilio: list + match the body;
 * SMTP and the sandbox cannot be asked, so they are sent again: email is at-least-once).
 *
 * Offline: a network failure puts the row back without spending an attempt and marks the
 * provider offline; nothing is sent through it until a probe succeeds.
 */
import type { Channel } from '../../shared/domain';
import type { ClinicSettings } from '../../shared/domain';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { inTransaction, type AppDb } from '../db/database';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider, type StatusAnswer } from '../providers/provider-types';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import { chooseChannel } from './channel-choice';
import {
  addSuppression,
  conversationWindowEndsAt,
  deliveriesInState,
  deliveriesOfMessage,
  dueDeliveries,
  duePolls,
  earliestDue,
  getDelivery,
  getMessage,
  getPatientFacts,
  insertDelivery,
  markContactInvalid,
  providerIdsFor,
  updateDelivery,
  type DeliveryRow,
  type MessageRow,
} from './engine-repo';
import { isTransientCode, mapPermanent } from './error-map';
import { renderContent, segmentsOf } from './render';
import { contactKind, decide, gatherFacts, isOptOutConfirmation } from './rules';
import { isValidZone } from './quiet-hours';
import { TokenBucket } from './token-bucket';
import type { RenderContext } from './queue-service';

export interface DispatcherOptions {
  /** Provider calls in flight at once. */
  concurrency: number;
  /** Due rows read per pass. */
  batchSize: number;
  backoff: BackoffPolicy;
  /** First status poll after acceptance, then doubling up to maxPollIntervalMs. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** After this long in `sent` without a final status, stop polling and keep `sent`. */
  maxPollAgeMs: number;
  probeIntervalMs: number;
  /** Consecutive transient failures (5xx, 429) after which a provider is treated as down. */
  offlineAfterFailures: number;
  /** Longest the loop sleeps when idle. */
  idleWaitMs: number;
  /**
   * Group commit of provider answers: answers are committed together after at most this delay
   * or this many answers (an fsync with synchronous=FULL costs milliseconds on a real disk).
   */
  writeDelayMs: number;
  writeBatch: number;
  /** Segments per second per sender; overrides the provider's setting. Infinity = off. */
  senderRates: Record<string, number>;
  /** One-click unsubscribe targets for an email address (List-Unsubscribe). */
  unsubscribeFor: (address: string) => { url: string | null; mailto: string | null } | null;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  concurrency: 10,
  batchSize: 200,
  backoff: defaultBackoff,
  pollIntervalMs: 30_000,
  maxPollIntervalMs: 30 * 60_000,
  maxPollAgeMs: 3 * 24 * 60 * 60_000,
  probeIntervalMs: 5_000,
  offlineAfterFailures: 5,
  idleWaitMs: 1_000,
  writeDelayMs: 50,
  writeBatch: 128,
  senderRates: {},
  unsubscribeFor: () => null,
};

export interface DispatcherDeps {
  db: AppDb;
  clock: Clock;
  logger: Logger;
  clinic: () => ClinicSettings;
  /** The provider currently configured for a channel. */
  providerNameFor: (channel: Channel) => string;
  provider: (name: string) => Provider | undefined;
  /** Segments per second for a provider's sender (from the provider settings). */
  defaultRate: (provider: string, channel: Channel) => number;
  random: () => number;
  options: DispatcherOptions;
  onDeliveryChanged: (deliveryId: number) => void;
  onStatusChanged: () => void;
}

interface Candidate {
  id: number;
  provider: Provider;
  sender: string;
  cost: number;
  bucket: TokenBucket;
}

interface Prepared {
  row: DeliveryRow;
  message: MessageRow;
  provider: Provider;
  cost: number;
  bucket: TokenBucket;
}

export class Dispatcher {
  private readonly inflight = new Set<Promise<void>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly offline = new Map<string, { since: number; nextProbeAt: number }>();
  private readonly failures = new Map<string, number>();
  /** Rows left in `sending` (crash) or ended ambiguously: ask the provider before resending. */
  private readonly toReconcile = new Set<number>();
  private running = false;
  private passing = false;
  private rerun = false;
  private timer: NodeJS.Timeout | null = null;
  private senderWake = new Map<string, number>();
  /** Calls in flight per channel+address: a reconciliation waits for them (same body, shared phone). */
  private readonly busyAddresses = new Map<string, number>();
  private readonly opts: DispatcherOptions;
  private pendingWrites: Array<() => void> = [];
  private flushWaiters: Array<() => void> = [];
  private readonly changedIds = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: DispatcherDeps) {
    this.opts = deps.options;
  }

  get offlineProviders(): string[] {
    return [...this.offline.keys()];
  }

  rateFor(provider: string, sender: string, channel: Channel): number {
    return this.opts.senderRates[sender] ?? this.deps.defaultRate(provider, channel);
  }

  private bucketFor(provider: string, sender: string, channel: Channel): TokenBucket {
    const key = `${provider}|${sender}`;
    const rate = this.rateFor(provider, sender, channel);
    let b = this.buckets.get(key);
    if (!b || b.ratePerSecond !== rate) {
      b = new TokenBucket(rate, this.deps.clock.now());
      this.buckets.set(key, b);
    }
    return b;
  }

  // ---------- group commit ----------

  /** A delivery changed: its event goes out after the commit that changed it. */
  private changed(id: number): void {
    this.changedIds.add(id);
  }

  private emitChanged(): void {
    const ids = [...this.changedIds];
    this.changedIds.clear();
    for (const id of ids) this.deps.onDeliveryChanged(id);
  }

  /** Queues a write for the next group commit; resolves once it is committed. */
  private write(fn: () => void): Promise<void> {
    this.pendingWrites.push(fn);
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    if (this.pendingWrites.length >= this.opts.writeBatch) this.flush();
    else if (this.pendingWrites.length >= this.inflight.size) {
      // Every call in flight has answered: nothing to wait for, commit on the next turn.
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), 0);
    } else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.opts.writeDelayMs);
    return done;
  }

  /** Commits every queued write in one transaction. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const writes = this.pendingWrites;
    const waiters = this.flushWaiters;
    this.pendingWrites = [];
    this.flushWaiters = [];
    if (writes.length > 0) {
      inTransaction(this.deps.db, () => {
        for (const w of writes) {
          try {
            w();
          } catch (error) {
            this.deps.logger.error('engine: recording a provider answer failed', { error });
          }
        }
      });
    }
    this.emitChanged();
    for (const w of waiters) w();
  }

  // ---------- lifecycle ----------

  /** Loads rows left in `sending` by a crash; they are reconciled before any send. */
  loadCrashLeftovers(): number {
    const rows = deliveriesInState(this.deps.db, 'sending');
    for (const r of rows) this.toReconcile.add(r.id);
    if (rows.length > 0) this.deps.logger.info('engine: reconciling deliveries left in sending', { count: rows.length });
    return rows.length;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inflight]);
    this.flush();
  }

  /** Something was queued: run a pass soon. */
  wake(): void {
    if (!this.running) return;
    if (this.passing) {
      this.rerun = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.loop();
    }, Math.max(0, ms));
  }

  private async loop(): Promise<void> {
    if (!this.running || this.passing) return;
    let worked = 0;
    try {
      worked = await this.pass(false);
    } catch (error) {
      this.deps.logger.error('engine: dispatcher pass failed', { error });
    }
    if (!this.running) return;
    if (worked > 0 || this.rerun) {
      this.rerun = false;
      this.schedule(0);
      return;
    }
    this.schedule(this.idleDelay());
  }

  private idleDelay(): number {
    const now = this.deps.clock.now();
    let wait = this.opts.idleWaitMs;
    const due = earliestDue(this.deps.db);
    if (due !== null) wait = Math.min(wait, Math.max(0, due - now));
    for (const t of this.senderWake.values()) wait = Math.min(wait, Math.max(1, t - now));
    for (const o of this.offline.values()) wait = Math.min(wait, Math.max(1, o.nextProbeAt - now));
    if (this.inflight.size >= this.opts.concurrency) wait = Math.min(wait, 5);
    return wait;
  }

  /** One pass on the injected clock, waiting for every call it started (tests, benchmarks). */
  async runOnce(): Promise<number> {
    const n = await this.pass(true);
    return n;
  }

  // ---------- one pass ----------

  private async slot(): Promise<void> {
    while (this.inflight.size >= this.opts.concurrency) await Promise.race(this.inflight);
  }

  private track(p: Promise<void>): void {
    const tracked = p
      .catch((error: unknown) => this.deps.logger.error('engine: unexpected failure in a provider call', { error }))
      .finally(() => {
        this.inflight.delete(tracked);
        if (this.running && !this.passing && this.timer === null) this.schedule(0);
      });
    this.inflight.add(tracked);
  }

  private async pass(waitForAll: boolean): Promise<number> {
    this.passing = true;
    let work = 0;
    try {
      await this.probeOffline();
      work += await this.reconcilePending();
      const now = this.deps.clock.now();
      this.senderWake.clear();
      const blocked = new Set<string>();
      const rows = dueDeliveries(this.deps.db, now, this.opts.batchSize);
      // Rows are committed as `sending` in batches (one transaction each), then sent.
      const batch: Candidate[] = [];
      const launch = () => {
        if (batch.length === 0) return;
        const prepared = this.prepareBatch(batch.splice(0));
        for (const p of prepared) this.track(this.sendOne(p));
      };
      for (const row of rows) {
        if (!this.running && !waitForAll) break;
        const providerName = this.deps.providerNameFor(row.channel);
        if (this.offline.has(providerName)) continue;
        const provider = this.deps.provider(providerName);
        if (!provider) {
          this.finalFail(row.id, 'provider_not_configured', null, null);
          work++;
          continue;
        }
        const sender = provider.senderFor(row.channel);
        if (blocked.has(sender)) continue;
        if (this.inflight.size + batch.length >= this.opts.concurrency) {
          launch();
          await this.slot();
        }
        const bucket = this.bucketFor(providerName, sender, row.channel);
        const cost = Math.max(1, row.segments ?? 1);
        const wait = bucket.take(cost, this.deps.clock.now());
        if (wait > 0) {
          blocked.add(sender);
          this.senderWake.set(sender, this.deps.clock.now() + wait);
          continue;
        }
        batch.push({ id: row.id, provider, sender, cost, bucket });
        work++;
      }
      launch();
      work += await this.pollStatuses(waitForAll);
      if (waitForAll) await Promise.allSettled([...this.inflight]);
      if (waitForAll) this.flush();
    } finally {
      this.passing = false;
    }
    this.emitChanged();
    this.deps.onStatusChanged();
    return work;
  }

  /** Re-checks the row and the rules and commits `sending`; null when it must not go now. */
  private prepareBatch(batch: Candidate[]): Prepared[] {
    const out: Prepared[] = [];
    inTransaction(this.deps.db, () => {
      for (const c of batch) {
        const p = this.prepareOne(c.id, c.provider, c.sender, c.cost, c.bucket);
        if (p) out.push(p);
        else c.bucket.refund(c.cost);
        this.changed(c.id);
      }
    });
    this.emitChanged();
    return out;
  }

  private prepareOne(id: number, provider: Provider, sender: string, cost: number, bucket: TokenBucket): Prepared | null {
    const { db, clock } = this.deps;
    const now = clock.now();
    {
      const row = getDelivery(db, id);
      if (!row || (row.state !== 'queued' && row.state !== 'held') || (row.next_attempt_at ?? Infinity) > now) return null;
      const message = getMessage(db, row.message_id);
      if (!message) return null;
      if (now - message.created_at > this.opts.backoff.maxAgeMs) {
        this.failInTx(row, message, 'expired', row.error_code, row.error_text, false);
        return null;
      }
      if (row.attempt_count >= this.opts.backoff.maxAttempts) {
        this.failInTx(row, message, 'max_attempts', row.error_code, row.error_text, false);
        return null;
      }
      const clinic = this.deps.clinic();
      const facts = gatherFacts(
        db,
        {
          patientId: message.patient_id,
          channel: row.channel,
          address: row.address,
          purpose: message.purpose,
          emergency: message.emergency === 1,
          stage: 'send',
          deliveryId: row.id,
          optOutConfirmation: isOptOutConfirmation(message.origin, message.dedupe_key),
          holdExempt: message.hold_exempt !== null,
        },
        clinic,
        now,
      );
      const decision = decide(facts, now);
      if (decision.kind === 'refuse') {
        this.failInTx(row, message, decision.reason, null, null, true);
        return null;
      }
      if (decision.kind === 'hold') {
        updateDelivery(db, row.id, { state: 'held', reason_code: decision.reason, next_attempt_at: decision.until, updated_at: now });
        return null;
      }
      updateDelivery(db, row.id, {
        state: 'sending',
        attempt_count: row.attempt_count + 1,
        attempt_started_at: now,
        provider: provider.name,
        sender,
        reason_code: null,
        updated_at: now,
      });
      return { row: { ...row, state: 'sending', attempt_count: row.attempt_count + 1, attempt_started_at: now, provider: provider.name }, message, provider, cost, bucket };
    }
  }

  // ---------- content ----------

  private outgoing(row: DeliveryRow, message: MessageRow): OutgoingMessage | { localError: string } {
    const ctx = (message.render_context ? JSON.parse(message.render_context) : { explicitChannel: true }) as RenderContext;
    const unsub = row.channel === 'email' ? this.opts.unsubscribeFor(row.address) : null;
    let body = message.body;
    let subject = message.subject;
    let html = message.html;
    let whatsappContent = ctx.whatsappContent ?? null;
    if (row.channel !== message.channel) {
      // A fallback channel renders its own content (template, or the typed text laid out for it).
      const clinic = this.deps.clinic();
      const patient = message.patient_id === null ? undefined : getPatientFacts(this.deps.db, message.patient_id);
      const r = renderContent(this.deps.db, {
        channel: row.channel,
        templateId: ctx.templateId,
        templateVersionId: ctx.templateVersionId ?? null,
        literalBody: ctx.literalBody ?? message.body,
        literalSubject: ctx.literalSubject ?? null,
        patient: patient ? { firstName: patient.first_name, lastName: patient.last_name, language: patient.language } : null,
        zone: isValidZone(patient?.time_zone) ? patient.time_zone : clinic.timeZone,
        appointmentId: message.appointment_id,
        variables: ctx.variables,
        clinic,
        unsubscribeUrl: unsub?.url ?? null,
        now: this.deps.clock.now(),
      });
      body = r.body;
      subject = r.subject;
      html = r.html;
      whatsappContent = r.whatsappContent;
    }
    let useContent: OutgoingMessage['whatsappContent'] = null;
    if (row.channel === 'whatsapp' && row.provider === 'twilio') {
      const windowEnds = conversationWindowEndsAt(this.deps.db, message.conversation_id);
      const outside = windowEnds === null || windowEnds <= this.deps.clock.now() || row.error_code === '63016';
      if (outside) {
        if (!whatsappContent) return { localError: '63016' };
        useContent = whatsappContent;
      }
    }
    return {
      deliveryId: row.id,
      channel: row.channel,
      to: row.address,
      body,
      subject,
      html,
      whatsappContent: useContent,
      attachments: ctx.attachments,
      unsubscribe: unsub && (unsub.url || unsub.mailto) ? unsub : null,
    };
  }

  // ---------- sending ----------

  private async sendOne(p: Prepared): Promise<void> {
    const key = `${p.row.channel}|${p.row.address}`;
    this.busyAddresses.set(key, (this.busyAddresses.get(key) ?? 0) + 1);
    try {
      await this.sendOneInner(p);
    } finally {
      const left = (this.busyAddresses.get(key) ?? 1) - 1;
      if (left <= 0) this.busyAddresses.delete(key);
      else this.busyAddresses.set(key, left);
    }
  }

  private async sendOneInner(p: Prepared): Promise<void> {
    const { row, message, provider } = p;
    let out: OutgoingMessage | { localError: string };
    try {
      out = this.outgoing(row, message);
    } catch (error) {
      this.deps.logger.error('engine: could not render a delivery', { deliveryId: row.id, error });
      this.finalFail(row.id, 'permanent_error', null, (error as Error).message);
      return;
    }
    if ('localError' in out) {
      await this.write(() =>
        this.permanent(row.id, new ProviderError('permanent', out.localError, 'Outside the WhatsApp 24-hour window and no approved template')),
      );
      return;
    }
    let accepted: Accepted;
    try {
      accepted = await provider.send(out);
    } catch (error) {
      const e =
        error instanceof ProviderError ? error : new ProviderError('transient', null, error instanceof Error ? error.message : String(error));
      if (!(error instanceof ProviderError)) this.deps.logger.error('engine: provider threw an unclassified error', { deliveryId: row.id, error });
      if (e.kind === 'network') {
        p.bucket.refund(p.cost);
        this.markOffline(provider.name, e.message);
        await this.write(() => this.networkFailure(row.id, provider, e));
      } else if (e.kind === 'transient' && e.options.ambiguous && provider.findAccepted) {
        this.countFailure(provider.name, e);
        await this.write(() => this.transientAmbiguous(row.id, e));
      } else if (e.kind === 'transient') {
        this.countFailure(provider.name, e);
        await this.write(() => this.retryLater(row.id, e.code, e.message, e.options.retryAfterMs));
      } else {
        this.failures.set(provider.name, 0);
        await this.write(() => this.permanent(row.id, e));
      }
      return;
    }
    this.failures.set(provider.name, 0);
    await this.write(() => this.recordAccepted(row.id, accepted));
  }

  private recordAccepted(id: number, a: Accepted): void {
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
      final_at: a.finalState ? now : null,
      next_attempt_at: a.finalState ? null : now + this.opts.pollIntervalMs,
      error_code: null,
      error_text: null,
      reason_code: null,
      updated_at: now,
    });
    this.changed(id);
  }

  private markOffline(name: string, why: string): void {
    if (this.offline.has(name)) return;
    const now = this.deps.clock.now();
    this.offline.set(name, { since: now, nextProbeAt: now + this.opts.probeIntervalMs });
    this.deps.logger.warn('engine: provider offline', { provider: name, why });
    this.deps.onStatusChanged();
  }

  private networkFailure(id: number, provider: Provider, e: ProviderError): void {
    const now = this.deps.clock.now();
    if (e.options.ambiguous && provider.findAccepted) {
      // The request may have reached the provider: keep `sending`, ask before resending.
      updateDelivery(this.deps.db, id, { error_code: e.code, error_text: e.message, reason_code: 'offline', updated_at: now });
      this.toReconcile.add(id);
    } else {
      const row = getDelivery(this.deps.db, id);
      if (!row) return;
      // Offline does not burn an attempt.
      updateDelivery(this.deps.db, id, {
        state: 'queued',
        attempt_count: Math.max(0, row.attempt_count - 1),
        reason_code: 'offline',
        next_attempt_at: now,
        error_code: e.code,
        error_text: e.message,
        updated_at: now,
      });
    }
    this.changed(id);
  }

  private countFailure(providerName: string, e: ProviderError): void {
    const count = (this.failures.get(providerName) ?? 0) + 1;
    this.failures.set(providerName, count);
    if (count >= this.opts.offlineAfterFailures) this.markOffline(providerName, `${count} failures in a row: ${e.message}`);
  }

  /**
   * A transient error after which the provider may still have stored the message (a 5xx): the
   * row stays `sending` with its retry time, and is reconciled before it is sent again.
   */
  private transientAmbiguous(id: number, e: ProviderError): void {
    const row = getDelivery(this.deps.db, id);
    if (!row) return;
    const now = this.deps.clock.now();
    const delay = backoffDelay(this.opts.backoff, row.attempt_count, this.deps.random, e.options.retryAfterMs);
    updateDelivery(this.deps.db, id, { error_code: e.code, error_text: e.message, reason_code: 'retry_wait', next_attempt_at: now + delay, updated_at: now });
    this.toReconcile.add(id);
    this.changed(id);
  }

  /** Back to `queued` after a backoff, or final when out of attempts/age. */
  private retryLater(id: number, code: string | null, text: string | null, retryAfterMs?: number): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    inTransaction(db, () => {
      const row = getDelivery(db, id);
      if (!row) return;
      const message = getMessage(db, row.message_id);
      if (!message) return;
      if (row.attempt_count >= this.opts.backoff.maxAttempts) {
        this.failInTx(row, message, 'max_attempts', code, text, false);
        return;
      }
      const delay = backoffDelay(this.opts.backoff, row.attempt_count, this.deps.random, retryAfterMs);
      if (now + delay - message.created_at > this.opts.backoff.maxAgeMs) {
        this.failInTx(row, message, 'expired', code, text, false);
        return;
      }
      updateDelivery(db, id, {
        state: 'queued',
        reason_code: 'retry_wait',
        next_attempt_at: now + delay,
        error_code: code,
        error_text: text,
        provider_id: null,
        updated_at: now,
      });
    });
    this.changed(id);
  }

  private permanent(id: number, e: ProviderError): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    inTransaction(db, () => {
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
    this.changed(id);
  }

  private finalFail(id: number, reason: string, code: string | null, text: string | null): void {
    const { db } = this.deps;
    inTransaction(db, () => {
      const row = getDelivery(db, id);
      const message = row && getMessage(db, row.message_id);
      if (row && message) this.failInTx(row, message, reason, code, text, false);
    });
    this.changed(id);
  }

  /** Marks the row failed (inside a transaction) and, when allowed, falls back once. */
  private failInTx(
    row: DeliveryRow,
    message: MessageRow,
    reason: string,
    code: string | null,
    text: string | null,
    fallback: boolean,
    state: 'failed' | 'undelivered' = 'failed',
  ): void {
    const now = this.deps.clock.now();
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
    const tried = new Set<Channel>(all.map((d) => d.channel));
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

  // ---------- offline probing and reconciliation ----------

  private async probeOffline(): Promise<void> {
    const now = this.deps.clock.now();
    for (const [name, state] of [...this.offline]) {
      if (state.nextProbeAt > now) continue;
      const provider = this.deps.provider(name);
      try {
        if (provider) await provider.probe();
        this.offline.delete(name);
        this.failures.set(name, 0);
        this.deps.logger.info('engine: provider back online', { provider: name, offlineForMs: this.deps.clock.now() - state.since });
        this.deps.onStatusChanged();
      } catch (error) {
        state.nextProbeAt = this.deps.clock.now() + this.opts.probeIntervalMs;
        this.deps.logger.debug('engine: probe failed', { provider: name, error });
      }
    }
  }

  private async reconcilePending(): Promise<number> {
    let n = 0;
    for (const id of [...this.toReconcile]) {
      const row = getDelivery(this.deps.db, id);
      if (!row || row.state !== 'sending') {
        this.toReconcile.delete(id);
        continue;
      }
      const provider = this.deps.provider(row.provider);
      if (provider && this.offline.has(provider.name)) continue;
      if (this.busyAddresses.has(`${row.channel}|${row.address}`)) continue;
      const message = getMessage(this.deps.db, row.message_id);
      if (!message) continue;
      n++;
      if (!provider?.findAccepted) {
        // SMTP and the sandbox cannot be asked: send again (email is at-least-once).
        updateDelivery(this.deps.db, id, { state: 'queued', next_attempt_at: this.deps.clock.now(), updated_at: this.deps.clock.now() });
        this.toReconcile.delete(id);
        this.changed(id);
        continue;
      }
      const out = this.outgoing(row, message);
      if ('localError' in out) {
        updateDelivery(this.deps.db, id, { state: 'queued', next_attempt_at: this.deps.clock.now(), updated_at: this.deps.clock.now() });
        this.toReconcile.delete(id);
        continue;
      }
      try {
        const exclude = providerIdsFor(this.deps.db, row.channel, row.address);
        const found = await provider.findAccepted(out, row.attempt_started_at ?? row.updated_at, exclude);
        if (found) {
          this.recordAccepted(id, found);
          this.deps.logger.info('engine: reconciled a delivery already accepted by the provider', { deliveryId: id, providerId: found.providerId });
        } else {
          const now = this.deps.clock.now();
          // Not found: it was never accepted; send again when its retry time comes.
          updateDelivery(this.deps.db, id, { state: 'queued', next_attempt_at: row.next_attempt_at ?? now, updated_at: now });
          this.changed(id);
        }
        this.toReconcile.delete(id);
      } catch (error) {
        const e = error instanceof ProviderError ? error : new ProviderError('network', null, String(error));
        if (e.kind === 'network') this.markOffline(provider.name, `reconciliation failed: ${e.message}`);
        else this.deps.logger.warn('engine: reconciliation failed; will ask again', { deliveryId: id, error: e.message });
      }
    }
    return n;
  }

  get reconcilePendingCount(): number {
    return this.toReconcile.size;
  }

  // ---------- status polling ----------

  private async pollStatuses(waitForAll: boolean): Promise<number> {
    const now = this.deps.clock.now();
    const rows = duePolls(this.deps.db, now, this.opts.batchSize);
    let n = 0;
    const todo: Array<{ row: DeliveryRow; provider: Provider }> = [];
    // Push the next poll out first (one transaction) so a later pass does not poll the same row concurrently.
    inTransaction(this.deps.db, () => {
      for (const row of rows) {
        const provider = this.deps.provider(row.provider);
        if (!provider || this.offline.has(provider.name)) continue;
        if (!provider.fetchStatus || !row.provider_id) {
          updateDelivery(this.deps.db, row.id, { next_attempt_at: null, final_at: now, updated_at: now });
          continue;
        }
        updateDelivery(this.deps.db, row.id, { next_attempt_at: now + this.opts.pollIntervalMs });
        todo.push({ row, provider });
      }
    });
    for (const { row, provider } of todo) {
      if (!this.running && !waitForAll) break;
      await this.slot();
      n++;
      this.track(this.pollOne(row, provider));
    }
    return n;
  }

  private async pollOne(row: DeliveryRow, provider: Provider): Promise<void> {
    let answer: StatusAnswer;
    try {
      answer = await provider.fetchStatus!(row.provider_id!, row.channel);
    } catch (error) {
      const e = error instanceof ProviderError ? error : new ProviderError('transient', null, String(error));
      if (e.kind === 'network') this.markOffline(provider.name, e.message);
      return;
    }
    await this.write(() => this.applyStatus(row, answer));
  }

  private applyStatus(row: DeliveryRow, answer: StatusAnswer): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    if (answer.state === 'sent') {
      const age = now - (row.sent_at ?? now);
      const sinceLast = Math.max(this.opts.pollIntervalMs, Math.min(this.opts.maxPollIntervalMs, Math.round(age / 2)));
      updateDelivery(db, row.id, {
        provider_status: answer.providerStatus,
        next_attempt_at: age > this.opts.maxPollAgeMs ? null : now + sinceLast,
        final_at: age > this.opts.maxPollAgeMs ? now : null,
        updated_at: now,
      });
      return;
    }
    const money = { price: answer.price ?? row.price, price_unit: answer.priceUnit ?? row.price_unit, ...(answer.segments !== null ? { segments: answer.segments } : {}) };
    if (answer.state === 'delivered' || answer.state === 'read') {
      updateDelivery(db, row.id, { state: answer.state, provider_status: answer.providerStatus, ...money, next_attempt_at: null, final_at: now, updated_at: now });
      this.changed(row.id);
      return;
    }
    // undelivered / failed after acceptance
    updateDelivery(db, row.id, { provider_status: answer.providerStatus, ...money, updated_at: now });
    if (isTransientCode(answer.errorCode)) {
      // e.g. 30003 (handset off): send again later.
      this.retryLater(row.id, answer.errorCode, answer.errorText);
      return;
    }
    const e = new ProviderError('permanent', answer.errorCode, answer.errorText ?? answer.providerStatus);
    if (answer.state === 'undelivered') {
      inTransaction(db, () => {
        const fresh = getDelivery(db, row.id);
        const message = fresh && getMessage(db, fresh.message_id);
        if (!fresh || !message) return;
        const mapping = mapPermanent(answer.errorCode);
        if (mapping.effect === 'contact_invalid_async') markContactInvalid(db, contactKind(fresh.channel), fresh.address, 'invalid', e.message, now);
        this.failInTx(fresh, message, mapping.reason === 'permanent_error' ? 'undelivered' : mapping.reason, answer.errorCode, answer.errorText, true, 'undelivered');
      });
      this.changed(row.id);
      return;
    }
    this.permanent(row.id, e);
  }
}
