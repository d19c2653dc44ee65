/**
 * Reconciling: a row left in `sending` by a crash, or whose call ended ambiguously, is looked up
 * at the provider before it is sent again (Twilio: list + match). Providers that cannot be asked
 * (SMTP, the sandbox) send again: email is at-least-once.
 */
import { ProviderError } from '../providers/provider-types';
import type { DispatchContext } from './dispatch-context';
import { getDelivery, getMessage, providerIdsFor, updateDelivery } from './engine-repo';
import type { Outcomes } from './outcomes';
import { buildOutgoing } from './outgoing';

export class Reconciling {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly outcomes: Outcomes,
  ) {}

  /** When the next lookup is due (null: none waiting). */
  nextLookupAt(): number | null {
    return this.ctx.toReconcile.size > 0 ? this.ctx.deps.clock.now() + this.ctx.opts.idleWaitMs : null;
  }

  async reconcilePending(): Promise<number> {
    const { deps, toReconcile, pacing, commits } = this.ctx;
    let n = 0;
    for (const id of [...toReconcile]) {
      const row = getDelivery(deps.db, id);
      if (!row || row.state !== 'sending') {
        toReconcile.delete(id);
        continue;
      }
      const provider = deps.provider(row.provider);
      if (provider && pacing.offline.has(provider.name)) continue;
      if (this.ctx.busyAddresses.has(`${row.channel}|${row.address}`)) continue;
      const message = getMessage(deps.db, row.message_id);
      if (!message) continue;
      n++;
      if (!provider?.findAccepted) {
        // SMTP and the sandbox cannot be asked: send again (email is at-least-once).
        updateDelivery(deps.db, id, { state: 'queued', next_attempt_at: deps.clock.now(), updated_at: deps.clock.now() });
        toReconcile.delete(id);
        commits.changed(id);
        continue;
      }
      const out = buildOutgoing(this.ctx, row, message);
      if ('localError' in out) {
        updateDelivery(deps.db, id, { state: 'queued', next_attempt_at: deps.clock.now(), updated_at: deps.clock.now() });
        toReconcile.delete(id);
        continue;
      }
      try {
        const exclude = providerIdsFor(deps.db, row.channel, row.address);
        const found = await provider.findAccepted(out, row.attempt_started_at ?? row.updated_at, exclude);
        if (found) {
          this.outcomes.recordAccepted(id, found);
          deps.logger.info('engine: reconciled a delivery already accepted by the provider', { deliveryId: id, providerId: found.providerId });
        } else {
          const now = deps.clock.now();
          // Not found: it was never accepted; send again when its retry time comes.
          updateDelivery(deps.db, id, { state: 'queued', next_attempt_at: row.next_attempt_at ?? now, updated_at: now });
          commits.changed(id);
        }
        toReconcile.delete(id);
      } catch (error) {
        const e = error instanceof ProviderError ? error : new ProviderError('network', null, String(error));
        if (e.kind === 'network') pacing.markOffline(provider.name, `reconciliation failed: ${e.message}`);
        else deps.logger.warn('engine: reconciliation failed; will ask again', { deliveryId: id, error: e.message });
      }
    }
    return n;
  }
}
