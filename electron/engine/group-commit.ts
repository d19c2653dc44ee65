/**
 * Group commit of provider answers: writes queued by finished calls are committed together in one
 * transaction (one fsync) after at most `writeDelayMs`, at once when no call is left in flight.
 * Delivery events go out after the commit that changed the row. When the sending path opens its
 * transaction first, the queued answers are written in it instead (`absorb`): one commit for both.
 *
 * Isolation without a savepoint per row: the writes first run straight in the transaction. A
 * savepoint copies every page it touches into SQLite's statement journal (a temp file once it
 * passes 64 KiB): about 15 pages, 30 write calls, per answer, which was more of the engine's time
 * than the answer itself. Only if one write throws is the whole transaction rolled back and
 * redone with a savepoint per write, so one bad row still cannot undo or stop the others.
 */
import type { DispatcherDeps, DispatcherOptions } from './dispatcher-config';
import { inTx } from '../db/sql-cache';

interface PendingWrite {
  deliveryId: number;
  fn: () => void;
  recover: (error: unknown) => void;
}

/**
 * Answers written inside someone else's transaction: `run` them in it (again, carefully, if the
 * transaction had to be redone), then call `committed` or `rolledBack` once it ended.
 */
export interface Absorbed {
  run: (careful: boolean) => void;
  committed: () => void;
  rolledBack: (error: unknown) => void;
}

interface Taken {
  writes: PendingWrite[];
  waiters: Array<() => void>;
}

export class GroupCommit {
  private pendingWrites: PendingWrite[] = [];
  private commitFailures = 0;
  private flushWaiters: Array<() => void> = [];
  private readonly changedIds = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** Called after each commit that wrote something. */
  onCommitted: () => void = () => undefined;

  constructor(
    private readonly deps: Pick<DispatcherDeps, 'db' | 'logger' | 'onDeliveriesChanged'>,
    private readonly opts: Pick<DispatcherOptions, 'writeBatch' | 'writeDelayMs'>,
    /** Calls in flight plus rows ready to be posted: answers still to come. */
    private readonly answersToCome: () => number,
  ) {}

  /** A delivery changed: its event goes out after the commit that changed it. */
  changed(id: number): void {
    this.changedIds.add(id);
  }

  emitChanged(): void {
    const ids = [...this.changedIds];
    this.changedIds.clear();
    if (ids.length > 0) this.deps.onDeliveriesChanged(ids);
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
    else if (this.pendingWrites.length >= this.answersToCome()) {
      // Every call in flight or ready to go has answered: nothing to wait for, commit on the next
      // turn. While rows are ready the answers wait (at most writeDelayMs) and usually ride in the
      // next `sending` batch's commit instead of costing an fsync of their own.
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
    const taken = this.take();
    if (!taken) {
      // Nothing to write: events of changes committed elsewhere (a prepare) still go out.
      this.emitChanged();
      return;
    }
    try {
      try {
        inTx(this.deps.db, () => this.runWrites(taken.writes, false));
      } catch (error) {
        // A write threw (or the commit failed): everything was rolled back; redo it row by row,
        // which logs the row that throws (or the commit failure, if it fails again).
        this.deps.logger.debug('engine: answers batch redone row by row', { writes: taken.writes.length, error });
        inTx(this.deps.db, () => this.runWrites(taken.writes, true));
      }
    } catch (error) {
      this.requeue(taken, error);
      return;
    }
    this.committed(taken);
  }

  /**
   * Runs the queued writes inside the caller's open transaction (the sending path's, so answers
   * and the next `sending` marks share one commit, one fsync). Call `committed` once that
   * transaction committed, `rolledBack` if it did not: the writes are then queued again.
   */
  absorb(): Absorbed {
    const taken = this.take();
    if (!taken) return { run: () => undefined, committed: () => undefined, rolledBack: () => undefined };
    return {
      run: (careful) => this.runWrites(taken.writes, careful),
      committed: () => this.committed(taken),
      rolledBack: (error) => this.requeue(taken, error),
    };
  }

  private take(): Taken | null {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const taken = { writes: this.pendingWrites, waiters: this.flushWaiters };
    this.pendingWrites = [];
    this.flushWaiters = [];
    return taken.writes.length === 0 ? null : taken;
  }

  /**
   * Not careful: the writes straight in the open transaction; the first that throws aborts it (the
   * caller rolls back and redoes it carefully). Careful: each write in its own savepoint, and a
   * write that throws gets its smaller recovery write instead.
   */
  private runWrites(writes: PendingWrite[], careful: boolean): void {
    if (!careful) {
      for (const w of writes) w.fn();
      return;
    }
    for (const w of writes) {
      try {
        inTx(this.deps.db, w.fn);
      } catch (error) {
        this.deps.logger.error('engine: recording a provider answer failed; recording a retry instead', { deliveryId: w.deliveryId, error });
        try {
          inTx(this.deps.db, () => w.recover(error));
        } catch (again) {
          this.deps.logger.error('engine: could not record the retry either; the row is reconciled at the next start', { deliveryId: w.deliveryId, error: again });
        }
      }
    }
  }

  private committed(taken: Taken): void {
    this.commitFailures = 0;
    this.emitChanged();
    for (const w of taken.waiters) w();
    this.onCommitted();
  }

  private requeue(taken: Taken, error: unknown): void {
    this.commitFailures++;
    const delay = Math.min(5_000, 50 * 2 ** this.commitFailures);
    this.deps.logger.error('engine: group commit failed; retrying', { error, writes: taken.writes.length, retryInMs: delay });
    this.pendingWrites = [...taken.writes, ...this.pendingWrites];
    this.flushWaiters = [...taken.waiters, ...this.flushWaiters];
    this.changedIds.clear();
    this.setTimer(delay);
  }

  /** Writes waiting for a commit (stop() flushes until none are left). */
  get pending(): number {
    return this.pendingWrites.length;
  }
}
