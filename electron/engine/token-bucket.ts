/**
 * Per-sender pacing in segments per second (performance.md: pace ourselves, never lean on the
 * provider's queue). A bucket holds up to one second of segments (at least one message's worth);
 * a message longer than the bucket may go when the bucket is full, leaving it in debt.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    now: number,
    private readonly capacity = Math.max(1, ratePerSecond),
  ) {
    this.tokens = this.capacity;
    this.last = now;
  }

  get unlimited(): boolean {
    return !Number.isFinite(this.ratePerSecond);
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
    }
  }

  /** Takes `cost` segments if available now and returns 0, else returns ms to wait (nothing taken). */
  take(cost: number, now: number): number {
    if (this.unlimited) return 0;
    this.refill(now);
    const need = Math.min(cost, this.capacity);
    if (this.tokens >= need - 1e-9) {
      this.tokens -= cost;
      return 0;
    }
    return Math.ceil(((need - this.tokens) / this.ratePerSecond) * 1000);
  }

  /** Ms until `cost` segments could be taken (0 = now), without taking anything. */
  waitMs(cost: number, now: number): number {
    if (this.unlimited) return 0;
    this.refill(now);
    const need = Math.min(cost, this.capacity);
    return this.tokens >= need - 1e-9 ? 0 : Math.ceil(((need - this.tokens) / this.ratePerSecond) * 1000);
  }

  /** Gives back segments taken for a send that did not happen. */
  refund(cost: number): void {
    if (!this.unlimited) this.tokens = Math.min(this.capacity, this.tokens + cost);
  }
}
