/**
 * Reconciling: an attempt that may have reached the provider (left in `sending` by a crash, or
 * ended by a reset connection, a timeout or a 5xx) is "checking with the provider". Its stored
 * content is looked up repeatedly, with jittered backoff, until the grace window ends (Twilio's
 * list can lag creation by minutes); it is sent again only after a lookup at or after the end of
 * the window found nothing. A sid another delivery or an earlier attempt owns is never claimed.
 * Providers that cannot be asked (SMTP, the sandbox) send again: email is at-least-once.
 */
import type { Accepted, Provider, SentAttempt } from '../providers/provider-types';
import { ProviderError } from '../providers/provider-types';
import { dueLookups, earliestLookup, getAttempt, ownedProviderIds, providerIdOwned, scheduleLookup, endAttempt, type AttemptRow } from './attempts-repo';
import type { DispatchContext } from './dispatch-context';
import { deliveriesInState, getDelivery, getMessage, updateDelivery } from './engine-repo';
import type { Outcomes } from './outcomes';
import { inTx } from '../db/sql-cache';

/** A lookup in flight holds its row this long (a later pass does not look it up twice). */
const LOOKUP_LEASE_MS = 60_000;

export class Reconciling {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly outcomes: Outcomes,
  ) {}

  /** At start-up: every row left in `sending` is checked with the provider before anything is sent. */
  loadLeftovers(): number {
    const { db, logger } = this.ctx.deps;
    const rows = deliveriesInState(db, 'sending');
    for (const r of rows) {
      this.outcomes.safely(r.id, () => inTx(db, () => this.leftover(r.id)));
    }
    if (rows.length > 0) logger.info('engine: checking deliveries left in sending with the provider', { count: rows.length });
    return rows.length;
  }

  private leftover(id: number): void {
    const { db, clock } = this.ctx.deps;
    const row = getDelivery(db, id);
    if (!row || row.state !== 'sending') return;
    const provider = this.ctx.deps.provider(row.provider);
    if (!provider?.findAccepted) {
      // SMTP and the sandbox cannot be asked: send again (email is at-least-once).
      const now = clock.now();
      updateDelivery(db, id, { state: 'queued', reason_code: 'retry_wait', next_attempt_at: now, updated_at: now });
      this.ctx.commits.changed(id);
      return;
    }
    this.outcomes.startChecking(id, null);
  }

  /** When the next lookup is due, or the probe of its provider while that one is offline. */
  nextLookupAt(): number | null {
    const next = earliestLookup(this.ctx.deps.db);
    if (!next) return null;
    const blocked = this.ctx.pacing.blockedUntil(next.provider);
    return blocked === undefined ? next.t : blocked;
  }

  /** Starts the lookups that are due (bounded by the concurrency slots). Returns how many started. */
  async reconcilePending(waitForAll: boolean): Promise<number> {
    const { deps, opts, pacing } = this.ctx;
    const now = deps.clock.now();
    const due = dueLookups(deps.db, now, opts.batchSize);
    const todo: Array<{ a: AttemptRow; provider: Provider }> = [];
    // Most passes have no lookup due: no empty write transaction (BEGIN IMMEDIATE takes the write lock).
    if (due.length === 0) return 0;
    inTx(deps.db, () => {
      for (const a of due) {
        const provider = deps.provider(a.provider);
        if (pacing.blockedUntil(a.provider) !== undefined) continue;
        if (!provider?.findAccepted) {
          this.outcomes.safely(a.delivery_id, () => this.resend(a));
          continue;
        }
        const key = `${a.channel}|${a.to_address}`;
        if (this.ctx.busyAddresses.has(key)) {
          // A call or lookup to the same address is in flight (a shared phone, the same body): wait for it.
          scheduleLookup(deps.db, a.id, a.checking_until ?? now, now + 1_000, 0);
          continue;
        }
        scheduleLookup(deps.db, a.id, a.checking_until ?? now, now + LOOKUP_LEASE_MS, 0);
        this.ctx.busyAddresses.set(key, (this.ctx.busyAddresses.get(key) ?? 0) + 1);
        this.ctx.lookingUp.set(key, (this.ctx.lookingUp.get(key) ?? 0) + 1);
        todo.push({ a, provider });
      }
    });
    let n = 0;
    for (const { a, provider } of todo) {
      if (!this.ctx.running && !waitForAll) {
        this.release(a);
        continue;
      }
      await this.ctx.slot();
      n++;
      this.ctx.track(this.lookupOne(a, provider).finally(() => this.release(a)));
    }
    return n;
  }

  private release(a: AttemptRow): void {
    const key = `${a.channel}|${a.to_address}`;
    for (const map of [this.ctx.busyAddresses, this.ctx.lookingUp]) {
      const left = (map.get(key) ?? 1) - 1;
      if (left <= 0) map.delete(key);
      else map.set(key, left);
    }
  }

  private async lookupOne(a: AttemptRow, provider: Provider): Promise<void> {
    const { deps, commits, pacing } = this.ctx;
    const attempt: SentAttempt = { channel: a.channel, to: a.to_address, sender: a.sender, body: a.body, contentSid: a.content_sid, startedAt: a.started_at };
    let found: Accepted | null;
    try {
      this.ctx.fault('reconcile', a.delivery_id);
      found = await provider.findAccepted!(attempt, ownedProviderIds(deps.db, a.channel, a.to_address));
    } catch (error) {
      const e = error instanceof ProviderError ? error : new ProviderError('transient', null, String(error));
      if (e.kind === 'network') pacing.markOffline(provider.name, `a lookup failed: ${e.message}`);
      else if (e.kind === 'auth') pacing.pause(provider.name, e.message);
      else deps.logger.warn('engine: a lookup failed; asking again later', { deliveryId: a.delivery_id, error: e.message });
      await commits.write(a.delivery_id, () => this.later(a, 0, e.options.retryAfterMs), () => this.later(a, 0));
      return;
    }
    await commits.write(a.delivery_id, () => this.answered(a, found), () => this.later(a, 0));
  }

  /** The provider answered the lookup: claim its record, look again later, or (window over) send again. */
  private answered(a: AttemptRow, found: Accepted | null): void {
    const { db, clock, logger } = this.ctx.deps;
    const row = getDelivery(db, a.delivery_id);
    const fresh = getAttempt(db, a.delivery_id, a.attempt_no);
    if (!row || row.state !== 'sending' || row.attempt_count !== a.attempt_no || !fresh || fresh.checking_until === null) return;
    // Checked again inside the commit: a sid claimed meanwhile by another delivery is not taken twice.
    if (found && !providerIdOwned(db, found.providerId, fresh.id)) {
      this.outcomes.recordAccepted(row.id, found);
      logger.info('engine: reconciled a delivery already accepted by the provider', { deliveryId: row.id, providerId: found.providerId, lookups: fresh.lookups + 1 });
      return;
    }
    const now = clock.now();
    if (now < fresh.checking_until) {
      this.later(fresh, 1);
      return;
    }
    this.resend(fresh);
  }

  /** The next lookup, backing off with jitter and landing no later than the end of the window. */
  private later(a: AttemptRow, answered: 0 | 1, retryAfterMs?: number): void {
    const { db, clock } = this.ctx.deps;
    const opts = this.ctx.opts;
    const fresh = getAttempt(db, a.delivery_id, a.attempt_no) ?? a;
    const now = clock.now();
    const until = fresh.checking_until ?? now;
    let next = now + Math.max(this.ctx.jittered(opts.lookupBaseMs, opts.lookupMaxMs, fresh.lookups), retryAfterMs ?? 0);
    // The deciding lookup happens at (or just after) the end of the window.
    if (next > until && now < until) next = until;
    scheduleLookup(db, fresh.id, until, next, answered);
    this.ctx.commits.changed(a.delivery_id);
  }

  /** Nothing found by the end of the window (or a provider that cannot tell): it was never accepted. */
  private resend(a: AttemptRow): void {
    const { db, clock } = this.ctx.deps;
    const row = getDelivery(db, a.delivery_id);
    if (!row || row.state !== 'sending') return;
    const now = clock.now();
    endAttempt(db, a.id, 'not_found', null, now);
    const message = getMessage(db, row.message_id);
    if (message && row.attempt_count >= this.ctx.opts.backoff.maxAttempts) {
      this.outcomes.failInTx({ ...row, state: 'queued' }, message, 'max_attempts', row.error_code, row.error_text, false);
      return;
    }
    // The grace window was the wait: send again now.
    updateDelivery(db, row.id, { state: 'queued', reason_code: null, next_attempt_at: now, updated_at: now });
    this.ctx.commits.changed(row.id);
  }
}
