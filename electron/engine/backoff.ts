/**
 * Exponential backoff with jitter: attempt n (1-based) waits a random time in
 * [d/2, d] where d = min(maxMs, baseMs · 2^(n−1)). A provider's Retry-After wins when longer.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
  /** A message older than this is not sent any more (a reminder hours late is worse than none). */
  maxAgeMs: number;
}

export const defaultBackoff: BackoffPolicy = {
  baseMs: 5_000,
  maxMs: 15 * 60_000,
  maxAttempts: 10,
  maxAgeMs: 24 * 60 * 60_000,
};

export function backoffBounds(policy: BackoffPolicy, attempt: number): { min: number; max: number } {
  const d = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return { min: d / 2, max: d };
}

export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  const { min, max } = backoffBounds(policy, attempt);
  const jittered = Math.round(min + random() * (max - min));
  return retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered;
}
