/**
 * Sending: re-check each due row and its rules and commit it `sending` (one transaction per
 * batch), then make the provider call and queue its answer for the group commit.
 */
import { inTransaction } from '../db/database';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider } from '../providers/provider-types';
import type { DispatchContext } from './dispatch-context';
import { getDelivery, getMessage, updateDelivery, type DeliveryRow, type MessageRow } from './engine-repo';
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
  message: MessageRow;
  provider: Provider;
  cost: number;
  bucket: TokenBucket;
}

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

  /** Re-checks the row and the rules and commits `sending`; null when it must not go now. */
  private prepareBatch(batch: Candidate[]): Prepared[] {
    const out: Prepared[] = [];
    inTransaction(this.ctx.deps.db, () => {
      for (const c of batch) {
        const p = this.prepareOne(c.id, c.provider, c.sender, c.cost, c.bucket);
        if (p) out.push(p);
        else c.bucket.refund(c.cost);
        this.ctx.commits.changed(c.id);
      }
    });
    this.ctx.commits.emitChanged();
    return out;
  }

  private prepareOne(id: number, provider: Provider, sender: string, cost: number, bucket: TokenBucket): Prepared | null {
    const { db, clock } = this.ctx.deps;
    const opts = this.ctx.opts;
    const now = clock.now();
    const row = getDelivery(db, id);
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
    const clinic = this.ctx.deps.clinic();
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
      },
      clinic,
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

  private async sendOne(p: Prepared): Promise<void> {
    const key = `${p.row.channel}|${p.row.address}`;
    const busy = this.ctx.busyAddresses;
    busy.set(key, (busy.get(key) ?? 0) + 1);
    try {
      await this.sendOneInner(p);
    } finally {
      const left = (busy.get(key) ?? 1) - 1;
      if (left <= 0) busy.delete(key);
      else busy.set(key, left);
    }
  }

  private async sendOneInner(p: Prepared): Promise<void> {
    const { row, message, provider } = p;
    const { logger } = this.ctx.deps;
    const { commits, pacing } = this.ctx;
    let out: OutgoingMessage | { localError: string };
    try {
      out = buildOutgoing(this.ctx, row, message);
    } catch (error) {
      logger.error('engine: could not render a delivery', { deliveryId: row.id, error });
      this.outcomes.finalFail(row.id, 'permanent_error', null, (error as Error).message);
      return;
    }
    if ('localError' in out) {
      const code = out.localError;
      await commits.write(() =>
        this.outcomes.permanent(row.id, new ProviderError('permanent', code, 'Outside the WhatsApp 24-hour window and no approved template')),
      );
      return;
    }
    let accepted: Accepted;
    try {
      accepted = await provider.send(out);
    } catch (error) {
      const e =
        error instanceof ProviderError ? error : new ProviderError('transient', null, error instanceof Error ? error.message : String(error));
      if (!(error instanceof ProviderError)) logger.error('engine: provider threw an unclassified error', { deliveryId: row.id, error });
      if (e.kind === 'network') {
        p.bucket.refund(p.cost);
        pacing.markOffline(provider.name, e.message);
        await commits.write(() => this.outcomes.networkFailure(row.id, provider, e));
      } else if (e.kind === 'transient' && e.options.ambiguous && provider.findAccepted) {
        pacing.countFailure(provider.name, e);
        await commits.write(() => this.outcomes.transientAmbiguous(row.id, e));
      } else if (e.kind === 'transient') {
        pacing.countFailure(provider.name, e);
        await commits.write(() => this.outcomes.retryLater(row.id, e.code, e.message, e.options.retryAfterMs));
      } else {
        pacing.failures.set(provider.name, 0);
        await commits.write(() => this.outcomes.permanent(row.id, e));
      }
      return;
    }
    pacing.failures.set(provider.name, 0);
    await commits.write(() => this.outcomes.recordAccepted(row.id, accepted));
  }
}
