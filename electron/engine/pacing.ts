/**
 * Pacing and provider health: a token bucket per sender (segments per second), which providers
 * are offline and when to probe them again, and consecutive transient failures per provider.
 */
import type { Channel } from '../../shared/domain';
import type { ProviderError } from '../providers/provider-types';
import type { DispatcherDeps, DispatcherOptions } from './dispatcher-config';
import { TokenBucket } from './token-bucket';

export class Pacing {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly offline = new Map<string, { since: number; nextProbeAt: number }>();
  readonly failures = new Map<string, number>();
  /** Providers that rejected the credentials: paused until new credentials or a test send. */
  readonly paused = new Map<string, { since: number; why: string }>();
  /** When each sender blocked in the last pass gets its next token. */
  readonly senderWake = new Map<string, number>();

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly opts: DispatcherOptions,
  ) {}

  rateFor(provider: string, sender: string, channel: Channel): number {
    return this.opts.senderRates[sender] ?? this.deps.defaultRate(provider, channel);
  }

  bucketFor(provider: string, sender: string, channel: Channel): TokenBucket {
    const key = `${provider}|${sender}`;
    const rate = this.rateFor(provider, sender, channel);
    let b = this.buckets.get(key);
    if (!b || b.ratePerSecond !== rate) {
      b = new TokenBucket(rate, this.deps.clock.now());
      this.buckets.set(key, b);
    }
    return b;
  }

  markOffline(name: string, why: string): void {
    if (this.offline.has(name)) return;
    const now = this.deps.clock.now();
    this.offline.set(name, { since: now, nextProbeAt: now + this.opts.probeIntervalMs });
    this.deps.logger.warn('engine: provider offline', { provider: name, why });
    this.deps.onStatusChanged();
  }

  /** 401/403: retrying cannot help; nothing goes through this provider until it is resumed. */
  pause(name: string, why: string): void {
    if (this.paused.has(name)) return;
    this.paused.set(name, { since: this.deps.clock.now(), why });
    this.deps.logger.warn('engine: provider paused, the credentials were rejected', { provider: name, why });
    this.deps.onStatusChanged();
  }

  resume(name: string): void {
    const wasPaused = this.paused.delete(name);
    const off = this.offline.get(name);
    if (off) off.nextProbeAt = this.deps.clock.now();
    if (wasPaused) {
      this.failures.set(name, 0);
      this.deps.logger.info('engine: provider resumed', { provider: name });
      this.deps.onStatusChanged();
    }
  }

  /**
   * Undefined when the provider can be used now; otherwise when to look again: the next probe
   * while offline, Infinity while paused (only new credentials or a test send resume it).
   */
  blockedUntil(name: string): number | undefined {
    if (this.paused.has(name)) return Infinity;
    return this.offline.get(name)?.nextProbeAt;
  }

  countFailure(providerName: string, e: ProviderError): void {
    const count = (this.failures.get(providerName) ?? 0) + 1;
    this.failures.set(providerName, count);
    if (count >= this.opts.offlineAfterFailures) this.markOffline(providerName, `${count} failures in a row: ${e.message}`);
  }

  async probeOffline(): Promise<void> {
    const now = this.deps.clock.now();
    for (const [name, state] of [...this.offline]) {
      if (state.nextProbeAt > now || this.paused.has(name)) continue;
      const provider = this.deps.provider(name);
      try {
        if (provider) await provider.probe();
        this.offline.delete(name);
        this.failures.set(name, 0);
        this.deps.logger.info('engine: provider back online', { provider: name, offlineForMs: this.deps.clock.now() - state.since });
        this.deps.onStatusChanged();
      } catch (error) {
        state.nextProbeAt = this.deps.clock.now() + this.opts.probeIntervalMs;
        this.deps.logger.debug('engine: probe failed', { provider: name, error });
      }
    }
  }
}
