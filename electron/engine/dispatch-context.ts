/**
 * What the dispatcher's parts share: options, dependencies, the group commit, per-sender pacing
 * and provider health, the rows waiting for reconciliation, and the provider calls in flight.
 */
import type { DispatcherDeps, DispatcherOptions, FaultStage } from './dispatcher-config';
import { GroupCommit } from './group-commit';
import { Pacing } from './pacing';

export class DispatchContext {
  readonly opts: DispatcherOptions;
  readonly inflight = new Set<Promise<void>>();
  /** Calls in flight per channel+address: a reconciliation waits for them (same body, shared phone). */
  readonly busyAddresses = new Map<string, number>();
  /** Lookups in flight per channel+address: no new send to that address until they end (it could be mistaken for the one looked up). */
  readonly lookingUp = new Map<string, number>();
  readonly commits: GroupCommit;
  readonly pacing: Pacing;
  running = false;
  passing = false;
  /** Rows committed `sending` whose call has not started yet (set by sending.ts). */
  readyCount: () => number = () => 0;
  /** Called when a tracked call ends (the dispatcher may run another pass). */
  onCallDone: () => void = () => undefined;

  constructor(readonly deps: DispatcherDeps) {
    this.opts = deps.options;
    this.commits = new GroupCommit(deps, this.opts, () => this.inflight.size + this.readyCount());
    this.pacing = new Pacing(deps, this.opts);
  }

  /** Throws when a fault-injection test asked for a fault here. */
  fault(stage: FaultStage, deliveryId: number): void {
    this.deps.faultHook?.(stage, deliveryId);
  }

  /** A jittered delay in [d/2, d], d = min(max, base · 2^n): lookups and polls back off like sends. */
  jittered(baseMs: number, maxMs: number, n: number): number {
    const d = Math.min(maxMs, baseMs * 2 ** Math.max(0, n));
    return Math.round(d / 2 + this.deps.random() * (d / 2));
  }

  private callWaiters: Array<() => void> = [];

  /**
   * Resolves when the next tracked call ends. (Promise.race over the calls in flight attached a
   * reaction to every one of them at each wait: tens of them per call at high concurrency.)
   */
  callDone(): Promise<void> {
    return new Promise((resolve) => this.callWaiters.push(resolve));
  }

  async slot(): Promise<void> {
    while (this.inflight.size >= this.opts.concurrency) await this.callDone();
  }

  track(p: Promise<void>): void {
    const tracked = p
      .catch((error: unknown) => this.deps.logger.error('engine: unexpected failure in a provider call', { error }))
      .finally(() => {
        this.inflight.delete(tracked);
        this.onCallDone();
        const waiters = this.callWaiters;
        this.callWaiters = [];
        for (const w of waiters) w();
      });
    this.inflight.add(tracked);
  }
}
