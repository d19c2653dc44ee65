/**
 * Group commit of provider answers: writes queued by finished calls are committed together in one
 * transaction (one fsync) after at most `writeDelayMs`, at once when no call is left in flight.
 * Delivery events go out after the commit that changed the row.
 */
import { inTransaction } from '../db/database';
import type { DispatcherDeps, DispatcherOptions } from './dispatch-context';

export class GroupCommit {
  private pendingWrites: Array<{ deliveryId: number; fn: () => void; recover: (error: unknown) => void }> = [];
  private commitFailures = 0;
  private flushWaiters: Array<() => void> = [];
  private readonly changedIds = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** Called after each commit that wrote something. */
  onCommitted: () => void = () => undefined;

  constructor(
    private readonly deps: Pick<DispatcherDeps, 'db' | 'logger' | 'onDeliveryChanged'>,
    private readonly opts: Pick<DispatcherOptions, 'writeBatch' | 'writeDelayMs'>,
    private readonly inflightCount: () => number,
  ) {}

  /** A delivery changed: its event goes out after the commit that changed it. */
  changed(id: number): void {
    this.changedIds.add(id);
  }

  emitChanged(): void {
    const ids = [...this.changedIds];
    this.changedIds.clear();
    for (const id of ids) this.deps.onDeliveryChanged(id);
  }

  /**
   * Queues a write for one delivery for the next group commit; resolves once it is committed.
   * The write runs in its own savepoint: if it throws, `recover` runs instead (a smaller write
   * that leaves the row retrying or checking with a reason), so one row cannot undo the others.
   */
  write(deliveryId: number, fn: () => void, recover: (error: unknown) => void): Promise<void> {
    this.pendingWrites.push({ deliveryId, fn, recover });
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    if (this.pendingWrites.length >= this.opts.writeBatch) this.flush();
    else if (this.pendingWrites.length >= this.inflightCount()) {
      // Every call in flight has answered: nothing to wait for, commit on the next turn.
      this.setTimer(0);
    } else if (!this.flushTimer) this.setTimer(this.opts.writeDelayMs);
    return done;
  }

  private setTimer(ms: number): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), ms);
  }

  /**
   * Commits every queued write in one transaction. If the commit itself fails (disk full, the
   * file locked), nothing is dropped: the writes stay queued and the commit is retried with backoff.
   */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const writes = this.pendingWrites;
    const waiters = this.flushWaiters;
    this.pendingWrites = [];
    this.flushWaiters = [];
    if (writes.length > 0) {
      const sqlite = this.deps.db.$client;
      try {
        inTransaction(this.deps.db, () => {
          for (const w of writes) {
            try {
              sqlite.transaction(w.fn)();
            } catch (error) {
              this.deps.logger.error('engine: recording a provider answer failed; recording a retry instead', { deliveryId: w.deliveryId, error });
              try {
                sqlite.transaction(() => w.recover(error))();
              } catch (again) {
                this.deps.logger.error('engine: could not record the retry either; the row is reconciled at the next start', { deliveryId: w.deliveryId, error: again });
              }
            }
          }
        });
        this.commitFailures = 0;
      } catch (error) {
        this.commitFailures++;
        const delay = Math.min(5_000, 50 * 2 ** this.commitFailures);
        this.deps.logger.error('engine: group commit failed; retrying', { error, writes: writes.length, retryInMs: delay });
        this.pendingWrites = [...writes, ...this.pendingWrites];
        this.flushWaiters = [...waiters, ...this.flushWaiters];
        this.changedIds.clear();
        this.setTimer(delay);
        return;
      }
    }
    this.emitChanged();
    for (const w of waiters) w();
    if (writes.length > 0) this.onCommitted();
  }

  /** Writes waiting for a commit (stop() flushes until none are left). */
  get pending(): number {
    return this.pendingWrites.length;
  }
}
