/**
 * The dispatcher: the loop that picks due deliveries and hands them to its parts — sending
 * (sending.ts), reconciling (reconciling.ts), status polling (polling.ts), pacing and provider
 * health (pacing.ts), answers and their effects (outcomes.ts), the group commit (group-commit.ts).
 *
 * Crash safety: a row is committed as `sending` (with attempt_started_at) before the provider
 * call and the answer is committed after it. Rows found in `sending` at start-up — and rows whose
 * call ended ambiguously — are reconciled with the provider before anything is sent again.
 *
 * Offline: a network failure puts the row back without spending an attempt and marks the
 * provider offline; nothing is sent through it until a probe succeeds.
 */
import type { Channel } from '../../shared/domain';
import { DispatchContext } from './dispatch-context';
import type { DispatcherDeps } from './dispatcher-config';
import { dueDeliveries } from './engine-repo';
import { Outcomes } from './outcomes';
import { Polling } from './polling';
import { Reconciling } from './reconciling';
import { Sending, type Candidate } from './sending';
import { nextWakeAt } from './wake-time';

export { defaultDispatcherOptions, type DispatcherDeps, type DispatcherOptions, type FaultStage } from './dispatcher-config';

export class Dispatcher {
  private readonly ctx: DispatchContext;
  private readonly outcomes: Outcomes;
  private readonly sending: Sending;
  private readonly reconciling: Reconciling;
  private readonly polling: Polling;
  private rerun = false;
  /** Passes run so far (benchmarks report passes per second while waiting). */
  passCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  /** The last pass found every concurrency slot taken: run again when a call ends. */
  private wakeOnSlot = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.ctx = new DispatchContext(deps);
    this.outcomes = new Outcomes(this.ctx);
    this.sending = new Sending(this.ctx, this.outcomes);
    this.reconciling = new Reconciling(this.ctx, this.outcomes);
    this.polling = new Polling(this.ctx, this.outcomes);
    this.ctx.onCallDone = () => {
      // A freed slot takes the next row already committed `sending`, without waiting for a pass.
      this.sending.pump();
      if (this.wakeOnSlot) {
        this.wakeOnSlot = false;
        this.wake();
      }
    };
    // Committed answers can make rows due (a retry at once, a fallback): look again soon.
    this.ctx.commits.onCommitted = () => this.wake();
  }

  get offlineProviders(): string[] {
    return [...this.ctx.pacing.offline.keys()];
  }

  get pausedProviders(): Array<{ provider: string; reason: 'credentials_rejected' }> {
    return [...this.ctx.pacing.paused.keys()].map((provider) => ({ provider, reason: 'credentials_rejected' as const }));
  }

  /** New credentials were saved or a test send was asked for: try the provider again. */
  resumeProvider(name: string): void {
    this.ctx.pacing.resume(name);
    this.wake();
  }

  rateFor(provider: string, sender: string, channel: Channel): number {
    return this.ctx.pacing.rateFor(provider, sender, channel);
  }

  flush(): void {
    this.ctx.commits.flush();
  }

  // ---------- lifecycle ----------

  /** Loads rows left in `sending` by a crash; they are reconciled before any send. */
  loadCrashLeftovers(): number {
    return this.reconciling.loadLeftovers();
  }

  start(): void {
    this.ctx.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.ctx.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sending.revertReady();
    await Promise.allSettled([...this.ctx.inflight]);
    this.flush();
  }

  /** The last pass did nothing although something looked due: do not spin on it. */
  private stuckFloorMs = 250;

  /** Something was queued or answered: run a pass soon. */
  wake(): void {
    if (!this.ctx.running) return;
    if (this.ctx.passing) {
      this.rerun = true;
      return;
    }
    this.schedule(0);
  }

  /** Runs a pass in `ms` unless one is already set to run sooner. */
  private schedule(ms: number): void {
    if (!this.ctx.running) return;
    // Timer bookkeeping is in real (monotonic) time: setTimeout runs on it whatever the engine clock.
    const at = performance.now() + Math.max(0, ms);
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      void this.loop();
    }, Math.max(0, ms));
  }

  private async loop(): Promise<void> {
    if (!this.ctx.running || this.ctx.passing) return;
    let worked = 0;
    try {
      worked = await this.pass(false);
    } catch (error) {
      this.deps.logger.error('engine: dispatcher pass failed', { error });
    }
    if (!this.ctx.running) return;
    if (worked > 0 || this.rerun) {
      this.rerun = false;
      this.schedule(0);
      return;
    }
    this.schedule(this.idleDelay());
  }

  /** Sleep until something can actually go (wake-time.ts); a freed slot or a commit wakes earlier. */
  private idleDelay(): number {
    const now = this.deps.clock.now();
    if (this.ctx.inflight.size >= this.ctx.opts.concurrency) this.wakeOnSlot = true;
    let wakeAt: number;
    try {
      wakeAt = nextWakeAt(this.ctx, this.reconciling.nextLookupAt());
    } catch (error) {
      this.deps.logger.error('engine: could not work out the next wake time', { error });
      wakeAt = now + this.ctx.opts.idleWaitMs;
    }
    return wakeAt <= now ? this.stuckFloorMs : wakeAt - now;
  }

  /** One pass on the injected clock, waiting for every call it started (tests, benchmarks). */
  async runOnce(): Promise<number> {
    return this.pass(true);
  }

  // ---------- one pass ----------

  private async pass(waitForAll: boolean): Promise<number> {
    const { ctx, deps } = this;
    ctx.passing = true;
    this.passCount++;
    this.sending.force = waitForAll;
    let work = 0;
    try {
      await ctx.pacing.probeOffline();
      work += await this.reconciling.reconcilePending(waitForAll);
      const now = deps.clock.now();
      ctx.pacing.senderWake.clear();
      const blocked = new Set<string>();
      const rows = dueDeliveries(deps.db, now, ctx.opts.batchSize);
      // Rows are committed as `sending` in batches (one transaction each), then sent.
      const batch: Candidate[] = [];
      const launch = () => {
        if (batch.length > 0) this.sending.launch(batch.splice(0));
      };
      for (const row of rows) {
        if (!ctx.running && !waitForAll) break;
        try {
          const providerName = deps.providerNameFor(row.channel);
          if (ctx.pacing.blockedUntil(providerName) !== undefined) continue;
          if (ctx.lookingUp.has(`${row.channel}|${row.address}`)) continue;
          const provider = deps.provider(providerName);
          if (!provider) {
            this.outcomes.finalFail(row.id, 'provider_not_configured', null, null);
            work++;
            continue;
          }
          const sender = provider.senderFor(row.channel);
          if (blocked.has(sender)) continue;
          if (ctx.inflight.size + this.sending.readyCount + batch.length >= this.sending.capacity) {
            launch();
            await this.sending.room(this.sending.batchRoom);
          }
          const bucket = ctx.pacing.bucketFor(providerName, sender, row.channel);
          const cost = Math.max(1, row.segments ?? 1);
          const wait = bucket.take(cost, deps.clock.now());
          if (wait > 0) {
            blocked.add(sender);
            ctx.pacing.senderWake.set(sender, deps.clock.now() + wait);
            continue;
          }
          batch.push({ id: row.id, provider, sender, cost, bucket });
          work++;
        } catch (error) {
          // One row's trouble (its provider, its sender) must not stop the pass.
          deps.logger.error('engine: could not pick a delivery; it will be retried', { deliveryId: row.id, error });
          this.outcomes.safely(row.id, () => this.outcomes.retryLater(row.id, 'engine_error', error instanceof Error ? error.message : String(error), undefined, 'engine_error'));
        }
      }
      launch();
      work += await this.polling.pollStatuses(waitForAll);
      if (waitForAll) await this.sending.drain();
      if (waitForAll) this.flush();
    } finally {
      ctx.passing = false;
      this.sending.force = false;
    }
    ctx.commits.emitChanged();
    deps.onStatusChanged();
    return work;
  }
}
