/**
 * What the dispatcher's parts share: options, dependencies, the group commit, per-sender pacing
 * and provider health, the rows waiting for reconciliation, and the provider calls in flight.
 */
import type { Channel, ClinicSettings } from '../../shared/domain';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import type { AppDb } from '../db/database';
import type { Provider } from '../providers/provider-types';
import { defaultBackoff, type BackoffPolicy } from './backoff';
import { GroupCommit } from './group-commit';
import { Pacing } from './pacing';

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
  /**
   * Fewest rows committed `sending` in one batch (sending.ts): larger batches, fewer fsyncs. After
   * a crash up to concurrency + 2 batches of rows may be left `sending` without their call having
   * started; those are checked with the provider over the grace window (email: sent again).
   */
  markBatchMin: number;
  /** Segments per second per sender; overrides the provider's setting. Infinity = off. */
  senderRates: Record<string, number>;
  /** One-click unsubscribe targets for an email address (List-Unsubscribe). */
  unsubscribeFor: (address: string) => { url: string | null; mailto: string | null } | null;
  /**
   * How long an ambiguous attempt is checked with the provider before it may be sent again
   * (README: Twilio's list has lagged creation by 10–15 minutes), and the lookup backoff.
   */
  reconcileGraceMs: number;
  lookupBaseMs: number;
  lookupMaxMs: number;
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
  markBatchMin: 32,
  senderRates: {},
  unsubscribeFor: () => null,
  reconcileGraceMs: 20 * 60_000,
  lookupBaseMs: 15_000,
  lookupMaxMs: 4 * 60_000,
};

/** Where a fault-injection test may make the engine throw for one delivery. */
export type FaultStage = 'rules' | 'render' | 'provider' | 'write' | 'reconcile' | 'poll';

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
  /** Deliveries changed by a commit (one call per commit: their events are read in one statement). */
  onDeliveriesChanged: (deliveryIds: readonly number[]) => void;
  onStatusChanged: () => void;
  /** Fault-injection tests only (never set in production): may throw at a stage for a delivery. */
  faultHook?: (stage: FaultStage, deliveryId: number) => void;
}

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
