/**
 * Group commit of provider answers: writes queued by finished calls are committed together in one
 * transaction (one fsync) after at most `writeDelayMs`, at once when no call is left in flight.
 * Delivery events go out after the commit that changed the row.
 */
import { inTransaction } from '../db/database';
import type { DispatcherDeps, DispatcherOptions } from './dispatch-context';

export class GroupCommit {
  private pendingWrites: Array<() => void> = [];
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

  /** Queues a write for the next group commit; resolves once it is committed. */
  write(fn: () => void): Promise<void> {
    this.pendingWrites.push(fn);
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    if (this.pendingWrites.length >= this.opts.writeBatch) this.flush();
    else if (this.pendingWrites.length >= this.inflightCount()) {
      // Every call in flight has answered: nothing to wait for, commit on the next turn.
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), 0);
    } else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.opts.writeDelayMs);
    return done;
  }

  /** Commits every queued write in one transaction. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const writes = this.pendingWrites;
    const waiters = this.flushWaiters;
    this.pendingWrites = [];
    this.flushWaiters = [];
    if (writes.length > 0) {
      inTransaction(this.deps.db, () => {
        for (const w of writes) {
          try {
            w();
          } catch (error) {
            this.deps.logger.error('engine: recording a provider answer failed', { error });
          }
        }
      });
    }
    this.emitChanged();
    for (const w of waiters) w();
    if (writes.length > 0) this.onCommitted();
  }
}
