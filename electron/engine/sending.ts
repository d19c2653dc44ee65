/**
 * Sending: re-check each due row and its rules, build exactly what will be sent and commit it with
 * the row as `sending` (one transaction per batch, a savepoint per row), then make the provider
 * call and queue its answer for the group commit. A row that throws at any step fails or retries
 * with a reason; the others go on.
 */
import { inTransaction } from '../db/database';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider } from '../providers/provider-types';
import { insertAttempt } from './attempts-repo';
import type { DispatchContext } from './dispatch-context';
import { getDelivery, getMessage, updateDelivery, type DeliveryRow } from './engine-repo';
import type { Outcomes } from './outcomes';
import { buildOutgoing } from './outgoing';
import { decide, gatherFacts, isOptOutConfirmation } from './rules';
import type { TokenBucket } from './token-bucket';

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
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class Sending {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly outcomes: Outcomes,
  ) {}

  /** Commits a batch of candidates `sending` and starts their provider calls. */
  launch(batch: Candidate[]): void {
    const prepared = this.prepareBatch(batch);
    for (const p of prepared) this.ctx.track(this.sendOne(p));
  }

  private prepareBatch(batch: Candidate[]): Prepared[] {
    const { db, logger } = this.ctx.deps;
    const out: Prepared[] = [];
    const failed: Array<{ id: number; error: unknown }> = [];
    inTransaction(db, () => {
      for (const c of batch) {
        let p: Prepared | null = null;
        try {
          // A savepoint per row: one row's failure rolls back only its own writes.
          p = db.$client.transaction(() => this.prepareOne(c))();
        } catch (error) {
          failed.push({ id: c.id, error });
        }
        if (p) out.push(p);
        else c.bucket.refund(c.cost);
        this.ctx.commits.changed(c.id);
      }
    });
    for (const f of failed) {
      logger.error('engine: could not prepare a delivery; it will be retried', { deliveryId: f.id, error: f.error });
      this.outcomes.safely(f.id, () => this.outcomes.retryLater(f.id, 'engine_error', errorText(f.error), undefined, 'engine_error'));
    }
    this.ctx.commits.emitChanged();
    return out;
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
    return { row: sending, out: built, provider: c.provider, cost: c.cost, bucket: c.bucket };
  }

  /**
   * One provider call. Its concurrency slot is freed as soon as the provider answers: the answer
   * is then only waiting for the group commit, and holding the slot for it made calls go out in
   * lock-step batches (a slot idle for up to writeDelayMs per message). The address stays busy
   * until the answer is committed, so a reconciliation never looks it up half-recorded.
   */
  private async sendOne(p: Prepared): Promise<void> {
    const key = `${p.row.channel}|${p.row.address}`;
    const busy = this.ctx.busyAddresses;
    busy.set(key, (busy.get(key) ?? 0) + 1);
    const release = () => {
      const left = (busy.get(key) ?? 1) - 1;
      if (left <= 0) busy.delete(key);
      else busy.set(key, left);
    };
    let answer: { committed: Promise<void> };
    try {
      answer = await this.sendOneInner(p);
    } catch (error) {
      release();
      throw error;
    }
    void answer.committed.finally(release);
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
          o.recordAccepted(id, accepted);
        },
        () => o.startChecking(id, new ProviderError('transient', 'engine_error', 'The answer could not be recorded')),
      ),
    };
  }
}
