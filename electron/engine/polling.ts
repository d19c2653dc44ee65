/**
 * Status polling of accepted messages and calls (a desktop app gets no webhooks): 30 s, doubling
 * up to 30 min, for 3 days; a final status records price and segments, and a failure after
 * acceptance retries (transient codes) or fails with its effects and the fallback.
 */
import { ProviderError, type Provider, type StatusAnswer } from '../providers/provider-types';
import type { DispatchContext } from './dispatch-context';
import { duePolls, getDelivery, getMessage, markContactInvalid, updateDelivery, type DeliveryRow } from './engine-repo';
import { isTransientCode, mapPermanent } from './error-map';
import type { Outcomes } from './outcomes';
import { contactKind } from './rules';
import { inTx } from '../db/sql-cache';

export class Polling {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly outcomes: Outcomes,
  ) {}

  async pollStatuses(waitForAll: boolean): Promise<number> {
    const { deps, opts, pacing } = this.ctx;
    const now = deps.clock.now();
    const rows = duePolls(deps.db, now, opts.batchSize);
    let n = 0;
    const todo: Array<{ row: DeliveryRow; provider: Provider }> = [];
    if (rows.length === 0) return 0;
    // Push the next poll out first (one transaction) so a later pass does not poll the same row concurrently.
    inTx(deps.db, () => {
      for (const row of rows) {
        const provider = deps.provider(row.provider);
        if (!provider || pacing.blockedUntil(provider.name) !== undefined) continue;
        if (!provider.fetchStatus || !row.provider_id) {
          updateDelivery(deps.db, row.id, { next_attempt_at: null, final_at: now, updated_at: now });
          continue;
        }
        updateDelivery(deps.db, row.id, { next_attempt_at: now + opts.pollIntervalMs });
        todo.push({ row, provider });
      }
    });
    for (const { row, provider } of todo) {
      if (!this.ctx.running && !waitForAll) break;
      await this.ctx.slot();
      n++;
      this.ctx.track(this.pollOne(row, provider));
    }
    return n;
  }

  private async pollOne(row: DeliveryRow, provider: Provider): Promise<void> {
    const { commits, pacing, deps } = this.ctx;
    let answer: StatusAnswer;
    try {
      this.ctx.fault('poll', row.id);
      answer = await provider.fetchStatus!(row.provider_id!, row.channel);
    } catch (error) {
      const e = error instanceof ProviderError ? error : new ProviderError('transient', null, String(error));
      if (e.kind === 'network') pacing.markOffline(provider.name, e.message);
      else if (e.kind === 'auth') pacing.pause(provider.name, e.message);
      else pacing.countFailure(provider.name, e);
      // Ask again later, backing off with jitter while the provider keeps failing.
      const n = pacing.failures.get(provider.name) ?? 1;
      const next = deps.clock.now() + Math.max(this.ctx.jittered(this.ctx.opts.pollIntervalMs, this.ctx.opts.maxPollIntervalMs, n), e.options.retryAfterMs ?? 0);
      const retry = () => updateDelivery(deps.db, row.id, { next_attempt_at: next });
      void commits.write(row.id, retry, retry);
      return;
    }
    pacing.failures.set(provider.name, 0);
    // The slot is freed now; the answer waits for the group commit on its own.
    void commits.write(
      row.id,
      () => this.applyStatus(row, answer),
      () => updateDelivery(deps.db, row.id, { next_attempt_at: deps.clock.now() + this.ctx.opts.pollIntervalMs }),
    );
  }

  private applyStatus(row: DeliveryRow, answer: StatusAnswer): void {
    const { db, clock } = this.ctx.deps;
    const opts = this.ctx.opts;
    const now = clock.now();
    if (answer.state === 'sent') {
      const age = now - (row.sent_at ?? now);
      // Back off with age (30 s doubling to 30 min), jittered in [d/2, d] so polls do not bunch up.
      const d = Math.max(opts.pollIntervalMs, Math.min(opts.maxPollIntervalMs, Math.round(age / 2)));
      const sinceLast = Math.max(Math.round(opts.pollIntervalMs / 2), Math.round(d / 2 + this.ctx.deps.random() * (d / 2)));
      updateDelivery(db, row.id, {
        provider_status: answer.providerStatus,
        next_attempt_at: age > opts.maxPollAgeMs ? null : now + sinceLast,
        final_at: age > opts.maxPollAgeMs ? now : null,
        updated_at: now,
      });
      return;
    }
    const money = { price: answer.price ?? row.price, price_unit: answer.priceUnit ?? row.price_unit, ...(answer.segments !== null ? { segments: answer.segments } : {}) };
    if (answer.state === 'delivered' || answer.state === 'read') {
      updateDelivery(db, row.id, { state: answer.state, provider_status: answer.providerStatus, ...money, next_attempt_at: null, final_at: now, updated_at: now });
      this.ctx.commits.changed(row.id);
      return;
    }
    // undelivered / failed after acceptance
    updateDelivery(db, row.id, { provider_status: answer.providerStatus, ...money, updated_at: now });
    if (isTransientCode(answer.errorCode)) {
      // e.g. 30003 (handset off): send again later.
      this.outcomes.retryLater(row.id, answer.errorCode, answer.errorText);
      return;
    }
    const e = new ProviderError('permanent', answer.errorCode, answer.errorText ?? answer.providerStatus);
    if (answer.state === 'undelivered') {
      inTx(db, () => {
        const fresh = getDelivery(db, row.id);
        const message = fresh && getMessage(db, fresh.message_id);
        if (!fresh || !message) return;
        const mapping = mapPermanent(answer.errorCode);
        if (mapping.effect === 'contact_invalid_async') markContactInvalid(db, contactKind(fresh.channel), fresh.address, 'invalid', e.message, now);
        this.outcomes.failInTx(fresh, message, mapping.reason === 'permanent_error' ? 'undelivered' : mapping.reason, answer.errorCode, answer.errorText, true, 'undelivered');
      });
      this.ctx.commits.changed(row.id);
      return;
    }
    this.outcomes.permanent(row.id, e);
  }
}
