/**
 * The faults the fake can be told to inject on every API request, decided by seeded dice so a
 * pattern is reproducible: 5xx rates, queued 429 bursts, a concurrency limit, latency, dropped
 * connections, and creates that are accepted and then dropped or answered 500.
 */
import { seededRandom } from '../../shared/seeded-random';

export interface FaultConfig {
  /** Fraction (0..1) of API requests answered with a 5xx. */
  errorRate: number;
  /** HTTP status for those errors (default 500). */
  errorStatus: number;
  /** Added delay before every API answer. */
  latencyMs: number;
  /** Extra random delay in [0, latencyJitterMs). */
  latencyJitterMs: number;
  /** Fraction of API requests whose connection is destroyed without an answer (nothing accepted). */
  dropRate: number;
  /** Fraction of message/call creates that are ACCEPTED and logged, then the connection is destroyed. */
  acceptThenDropRate: number;
  /** Fraction of message/call creates that are ACCEPTED and logged, then answered with a 500. */
  acceptThenErrorRate: number;
  /** More concurrent API requests than this are answered 429 (0 = no limit). */
  maxConcurrent: number;
}

export const DEFAULT_FAULTS: FaultConfig = {
  errorRate: 0,
  errorStatus: 500,
  latencyMs: 0,
  latencyJitterMs: 0,
  dropRate: 0,
  acceptThenDropRate: 0,
  acceptThenErrorRate: 0,
  maxConcurrent: 0,
};

/** What happens to a request before it reaches a route. */
export type Verdict = { kind: 'drop' } | { kind: 'status'; status: number } | null;

export class Faults {
  private config: FaultConfig;
  private readonly random: () => number;
  private pending429 = 0;
  private pendingDrops = 0;

  constructor(initial: Partial<FaultConfig> | undefined, seed: number) {
    this.config = { ...DEFAULT_FAULTS, ...initial };
    this.random = seededRandom(seed);
  }

  get current(): Readonly<FaultConfig> {
    return this.config;
  }

  set(faults: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...faults };
  }

  burst429(count: number): void {
    this.pending429 += count;
  }

  dropNext(count: number): void {
    this.pendingDrops += count;
  }

  /** This request's added latency (rolls the dice only when there is jitter). */
  latency(): number {
    return this.config.latencyMs + (this.config.latencyJitterMs > 0 ? this.random() * this.config.latencyJitterMs : 0);
  }

  /** Drop, 429 (a burst or over the concurrency limit) or a 5xx, in that order; null lets it through. */
  before(overLimit: boolean): Verdict {
    if (this.pendingDrops > 0 || (this.config.dropRate > 0 && this.random() < this.config.dropRate)) {
      if (this.pendingDrops > 0) this.pendingDrops -= 1;
      return { kind: 'drop' };
    }
    if (this.pending429 > 0 || overLimit) {
      if (this.pending429 > 0) this.pending429 -= 1;
      return { kind: 'status', status: 429 };
    }
    if (this.config.errorRate > 0 && this.random() < this.config.errorRate) return { kind: 'status', status: this.config.errorStatus };
    return null;
  }

  /** After a create was accepted: drop the connection, answer 500, or answer normally (null). */
  afterAccept(): 'drop' | 'error' | null {
    if (this.config.acceptThenDropRate > 0 && this.random() < this.config.acceptThenDropRate) return 'drop';
    if (this.config.acceptThenErrorRate > 0 && this.random() < this.config.acceptThenErrorRate) return 'error';
    return null;
  }
}
