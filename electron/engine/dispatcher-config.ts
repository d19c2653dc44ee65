/**
 * The dispatcher's settings and what it is given: options with their defaults, dependencies, and
 * the stages where a fault-injection test may throw. A module of its own, below the dispatcher's
 * parts (the group commit and pacing read these, and the context that holds them reads those).
 */
import type { Channel, ClinicSettings } from '../../shared/domain';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import type { AppDb } from '../db/database';
import type { Provider } from '../providers/provider-types';
import { defaultBackoff, type BackoffPolicy } from './backoff';

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
