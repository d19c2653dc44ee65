/**
 * Sending: re-check each due row and its rules, build exactly what will be sent and commit it with
 * the row as `sending` (one transaction per batch, a savepoint per row), then make the provider
 * call and queue its answer for the group commit. A row that throws at any step fails or retries
 * with a reason; the others go on.
 */
import { ProviderError, type Accepted, type OutgoingMessage, type Provider } from '../providers/provider-types';
import { insertAttempt } from './attempts-repo';
import type { DispatchContext } from './dispatch-context';
import { getDelivery, getMessage, updateDelivery, type DeliveryRow } from './engine-repo';
import type { Outcomes } from './outcomes';
import { buildOutgoing } from './outgoing';
import { decide, gatherFacts, isOptOutConfirmation } from './rules';
import { isSuppressed } from '../repos/rules-facts-repo';
import type { TokenBucket } from './token-bucket';
import { inTx } from '../db/sql-cache';
import { suppressionChanges, type SuppressionChanges } from './suppression-changes';

export interface Candidate {
  id: number;
  provider: Provider;
  sender: string;
  cost: number;
  bucket: TokenBucket;
}

interface Prepared {
  row: DeliveryRow;
  out: OutgoingMessage;
  provider: Provider;
  cost: number;
  bucket: TokenBucket;
  /** The opt-out confirmation goes to a just-suppressed address (rules.ts). */
  optOutConfirmation: boolean;
  /** Writes to the suppression list seen before the rules checked this row (suppression-changes.ts). */
  suppressionWrites: number;
  /** Frees the address for reconciliation (set while the row is ready or its call in flight). */
  release: () => void;
}

/** What marking one batch came to; bucket refunds wait until the transaction that decided them committed. */
interface PreparedBatch {
  out: Prepared[];
  failed: Array<{ id: number; error: unknown }>;
  skipped: Candidate[];
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class Sending {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly outcomes: Outcomes,
  ) {
    // Rows ready to go will answer soon too: the group commit waits for them (group-commit.ts).
    ctx.readyCount = () => this.ready.length;
    this.suppressions = suppressionChanges(ctx.deps.db);
  }

  private readonly suppressions: SuppressionChanges;

  /** Rows committed `sending` whose call has not started yet: a freed slot takes the next at once. */
  private readonly ready: Prepared[] = [];
  /** Set while runOnce drives a pass: calls start although the engine was not started. */
  force = false;

  /**
   * Rows that may be committed `sending` at once, marked or in flight: the calls in flight plus two
   * batches ahead, so the next calls are durable before slots free up and a slot never waits for
   * an fsync (with concurrency C and batches of C/2 this is the 2 × C it always was).
   */
  get capacity(): number {
    return this.ctx.opts.concurrency + 2 * this.batchRoom;
  }

  /**
   * A new batch is marked once this many rows fit: half a concurrency, but never fewer than
   * `markBatchMin`. Every commit is an fsync costing milliseconds whatever its size (measured here:
   * 3.4 ms for 1 row, 3.9 ms for 50), and the pages a batch dirties (the deliveries rows and their
   * index entries) are mostly shared by neighbouring rows, so fewer, larger batches are what keep
   * the engine's cost per message down. A minimum independent of concurrency matters for email:
   * with the SMTP pool of 5 (concurrency 20) half a concurrency was one commit per ~8 emails.
   */
  get batchRoom(): number {
    return Math.max(this.ctx.opts.markBatchMin, Math.ceil(this.ctx.opts.concurrency / 2));
  }

  get readyCount(): number {
    return this.ready.length;
  }

  /** Commits a batch of candidates `sending` (with the answers waiting for the group commit) and starts calls in the free slots. */
  launch(batch: Candidate[]): void {
    if (batch.length === 0) return;
    if (!this.ctx.running && !this.force) {
      for (const c of batch) c.bucket.refund(c.cost);
      return;
    }
    for (const p of this.prepareBatch(batch)) this.ready.push(p);
    this.pump();
  }

  /** Starts ready calls while slots are free (called after each launch and whenever a call ends). */
  pump(): void {
    const { ctx } = this;
    while (ctx.running || this.force) {
      const p = this.ready[0];
      // A provider that queues calls itself (threaded-provider.ts) takes a few beyond the slots.
      if (!p || ctx.inflight.size >= ctx.opts.concurrency + (p.provider.queuesAhead ?? 0)) return;
      this.ready.shift();
      const reason = this.holdBack(p);
      if (reason === undefined) ctx.track(this.sendOne(p));
      else this.unsendLater(p, reason);
    }
  }

  /** Waits until `k` more rows may be committed ahead (or nothing is in flight). */
  async room(k: number): Promise<void> {
    const { ctx } = this;
    while (ctx.inflight.size > 0 && this.capacity - ctx.inflight.size - this.ready.length < k) await ctx.callDone();
  }

  /** Starts every ready call and waits for all calls (runOnce). */
  async drain(): Promise<void> {
    for (;;) {
      this.pump();
      if (this.ctx.inflight.size === 0) return;
      await Promise.allSettled([...this.ctx.inflight]);
    }
  }

  /** Stopping: rows whose call never started go back to `queued` at once (no check with the provider needed). */
  revertReady(): void {
    const rows = this.ready.splice(0);
    if (rows.length === 0) return;
    try {
      inTx(this.ctx.deps.db, () => {
        for (const p of rows) this.outcomes.unsend(p.row.id, p.row.attempt_count, null);
      });
    } catch (error) {
      // They stay `sending` and are checked with the provider at the next start: safe, only slower.
      this.ctx.deps.logger.error('engine: could not put back deliveries that were never sent', { count: rows.length, error });
    }
    for (const p of rows) {
      p.bucket.refund(p.cost);
      p.release();
    }
    this.ctx.commits.emitChanged();
  }

  /** Why a ready row must not go after all: its provider went offline or was paused, or the address was suppressed meanwhile. */
  private holdBack(p: Prepared): 'offline' | 'credentials_rejected' | 'suppressed' | undefined {
    const { pacing, deps } = this.ctx;
    if (pacing.paused.has(p.provider.name)) return 'credentials_rejected';
    if (pacing.blockedUntil(p.provider.name) !== undefined) return 'offline';
    // Asked again right before posting (DESIGN §3), but only if the list was written since the
    // rules checked it in the row's own marking transaction.
    if (!p.optOutConfirmation && this.suppressions.count() !== p.suppressionWrites && isSuppressed(deps.db, p.row.channel, p.row.address)) return 'suppressed';
    return undefined;
  }

  /** A ready row that must not go: back to `queued` in the next commit (the rules then decide again). */
  private unsendLater(p: Prepared, reason: 'offline' | 'credentials_rejected' | 'suppressed'): void {
    p.bucket.refund(p.cost);
    const undo = () => this.outcomes.unsend(p.row.id, p.row.attempt_count, reason === 'suppressed' ? null : reason);
    void this.ctx.commits.write(p.row.id, undo, undo).finally(p.release);
  }

  /**
   * Marks a batch `sending` in one transaction, with the answers waiting for the group commit.
   * First without savepoints (group-commit.ts: a savepoint per row cost more than the row); if any
   * row throws, the transaction is rolled back and redone with a savepoint per row and per answer,
   * so a bad row only fails or retries itself.
   */
  private prepareBatch(batch: Candidate[]): Prepared[] {
    const { db, logger } = this.ctx.deps;
    const answers = this.ctx.commits.absorb();
    const attempt = (careful: boolean): PreparedBatch => {
      const result: PreparedBatch = { out: [], failed: [], skipped: [] };
      inTx(db, () => {
        // The answers waiting for the group commit ride in this transaction: one fsync for both.
        answers.run(careful);
        this.prepareRows(batch, result, careful);
      });
      return result;
    };
    let result: PreparedBatch;
    try {
      try {
        result = attempt(false);
      } catch (error) {
        // Rolled back; the careful redo logs the row that throws (or the commit failure, again).
        logger.debug('engine: sending batch redone row by row', { count: batch.length, error });
        result = attempt(true);
      }
    } catch (error) {
      // The commit failed (disk full, file locked): nothing was marked; the rows stay due.
      answers.rolledBack(error);
      for (const c of batch) c.bucket.refund(c.cost);
      logger.error('engine: could not mark a batch sending; it will be picked again', { count: batch.length, error });
      return [];
    }
    answers.committed();
    for (const c of result.skipped) c.bucket.refund(c.cost);
    for (const p of result.out) p.release = this.markBusy(p.row);
    for (const f of result.failed) {
      logger.error('engine: could not prepare a delivery; it will be retried', { deliveryId: f.id, error: f.error });
      this.outcomes.safely(f.id, () => this.outcomes.retryLater(f.id, 'engine_error', errorText(f.error), undefined, 'engine_error'));
    }
    this.ctx.commits.emitChanged();
    return result.out;
  }

  /** Careless: a row that throws aborts the whole transaction (redone carefully). Careful: a savepoint per row. */
  private prepareRows(batch: Candidate[], result: PreparedBatch, careful: boolean): void {
    const { db } = this.ctx.deps;
    for (const c of batch) {
      let p: Prepared | null = null;
      if (!careful) p = this.prepareOne(c);
      else {
        try {
          // A savepoint per row: one row's failure rolls back only its own writes.
          p = inTx(db, () => this.prepareOne(c));
        } catch (error) {
          result.failed.push({ id: c.id, error });
        }
      }
      if (p) result.out.push(p);
      else result.skipped.push(c);
      this.ctx.commits.changed(c.id);
    }
  }

  /** Re-checks the row and the rules and commits `sending` with its attempt; null when it must not go now. */
  private prepareOne(c: Candidate): Prepared | null {
    const { db, clock } = this.ctx.deps;
    const opts = this.ctx.opts;
    const now = clock.now();
    const row = getDelivery(db, c.id);
    if (!row || (row.state !== 'queued' && row.state !== 'held') || (row.next_attempt_at ?? Infinity) > now) return null;
    const message = getMessage(db, row.message_id);
    if (!message) return null;
    if (now - message.created_at > opts.backoff.maxAgeMs) {
      this.outcomes.failInTx(row, message, 'expired', row.error_code, row.error_text, false);
      return null;
    }
    if (row.attempt_count >= opts.backoff.maxAttempts) {
      this.outcomes.failInTx(row, message, 'max_attempts', row.error_code, row.error_text, false);
      return null;
    }
    this.ctx.fault('rules', row.id);
    const suppressionWrites = this.suppressions.count();
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
      this.ctx.deps.clinic(),
      now,
    );
    const decision = decide(facts, now);
    if (decision.kind === 'refuse') {
      this.outcomes.failInTx(row, message, decision.reason, null, null, true);
      return null;
    }
    if (decision.kind === 'hold') {
      updateDelivery(db, row.id, { state: 'held', reason_code: decision.reason, next_attempt_at: decision.until, updated_at: now });
      return null;
    }
    let built: OutgoingMessage | { localError: string };
    try {
      this.ctx.fault('render', row.id);
      built = buildOutgoing(this.ctx, { ...row, provider: c.provider.name }, message);
    } catch (error) {
      // Cannot be rendered for this channel (an archived template, a broken variable): no send.
      this.outcomes.failInTx(row, message, 'render_failed', null, errorText(error), false);
      return null;
    }
    if ('localError' in built) {
      this.outcomes.permanent(row.id, new ProviderError('permanent', built.localError, 'Outside the WhatsApp 24-hour window and no approved template'));
      return null;
    }
    const attemptNo = row.attempt_count + 1;
    updateDelivery(db, row.id, {
      state: 'sending',
      attempt_count: attemptNo,
      attempt_started_at: now,
      provider: c.provider.name,
      sender: c.sender,
      reason_code: null,
      updated_at: now,
    });
    insertAttempt(db, {
      deliveryId: row.id,
      attemptNo,
      startedAt: now,
      provider: c.provider.name,
      channel: row.channel,
      to: row.address,
      sender: c.sender,
      body: built.whatsappContent ? null : built.body,
      subject: built.subject ?? null,
      contentSid: built.whatsappContent?.contentSid ?? null,
      contentVariables: built.whatsappContent ? JSON.stringify(built.whatsappContent.variables) : null,
      media: built.attachments?.map((a) => a.path) ?? null,
    });
    const sending: DeliveryRow = { ...row, state: 'sending', attempt_count: attemptNo, attempt_started_at: now, provider: c.provider.name, sender: c.sender };
    const optOutConfirmation = isOptOutConfirmation(message.origin, message.dedupe_key);
    return { row: sending, out: built, provider: c.provider, cost: c.cost, bucket: c.bucket, optOutConfirmation, suppressionWrites, release: () => undefined };
  }

  /** Marks an address busy from its `sending` mark until its answer is committed; returns the release. */
  private markBusy(row: DeliveryRow): () => void {
    const key = `${row.channel}|${row.address}`;
    const busy = this.ctx.busyAddresses;
    busy.set(key, (busy.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (busy.get(key) ?? 1) - 1;
      if (left <= 0) busy.delete(key);
      else busy.set(key, left);
    };
  }

  /**
   * One provider call. Its concurrency slot is freed as soon as the provider answers: the answer
   * is then only waiting for the group commit, and holding the slot for it made calls go out in
   * lock-step batches (a slot idle for up to writeDelayMs per message). The address stays busy
   * until the answer is committed, so a reconciliation never looks it up half-recorded.
   */
  private async sendOne(p: Prepared): Promise<void> {
    let answer: { committed: Promise<void> };
    try {
      answer = await this.sendOneInner(p);
    } catch (error) {
      p.release();
      throw error;
    }
    void answer.committed.finally(p.release);
  }

  /** Makes the call and queues its answer; resolves (with the commit still pending) once the provider answered. */
  private async sendOneInner(p: Prepared): Promise<{ committed: Promise<void> }> {
    const { row, provider } = p;
    const id = row.id;
    const { logger } = this.ctx.deps;
    const { commits, pacing } = this.ctx;
    const o = this.outcomes;
    let accepted: Accepted;
    try {
      this.ctx.fault('provider', id);
      accepted = await provider.send(p.out);
    } catch (error) {
      const e = error instanceof ProviderError ? error : new ProviderError('transient', null, errorText(error));
      if (!(error instanceof ProviderError)) logger.error('engine: provider threw an unclassified error', { deliveryId: id, error });
      const retry = () => o.retryLater(id, e.code ?? 'engine_error', e.message, e.options.retryAfterMs);
      if (e.kind === 'auth') {
        p.bucket.refund(p.cost);
        pacing.pause(provider.name, e.message);
        return { committed: commits.write(id, () => o.notSent(id, 'credentials_rejected', e), retry) };
      } else if (e.options.ambiguous && provider.findAccepted) {
        // The request may have reached the provider: check with it before any resend.
        if (e.kind === 'network') pacing.markOffline(provider.name, e.message);
        else pacing.countFailure(provider.name, e);
        return { committed: commits.write(id, () => o.startChecking(id, e), () => o.startChecking(id, e)) };
      } else if (e.kind === 'network') {
        // Not reached (or a provider that cannot be asked, e.g. SMTP): offline, no attempt spent.
        p.bucket.refund(p.cost);
        pacing.markOffline(provider.name, e.message);
        return { committed: commits.write(id, () => o.notSent(id, 'offline', e), retry) };
      } else if (e.kind === 'transient') {
        pacing.countFailure(provider.name, e);
        return { committed: commits.write(id, retry, retry) };
      } else {
        pacing.failures.set(provider.name, 0);
        return { committed: commits.write(id, () => o.permanent(id, e), retry) };
      }
    }
    pacing.failures.set(provider.name, 0);
    // If recording the answer fails, the attempt is checked with the provider (which has the sid).
    return {
      committed: commits.write(
        id,
        () => {
          this.ctx.fault('write', id);
          o.recordAccepted(id, accepted, row.attempt_count);
        },
        () => o.startChecking(id, new ProviderError('transient', 'engine_error', 'The answer could not be recorded')),
      ),
    };
  }
}
