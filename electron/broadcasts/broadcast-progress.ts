/**
 * A broadcast's progress by delivery state, its completion, and the watcher that keeps both
 * current: it listens for the engine's `delivery.updated` events on the event bus (the engine is
 * not changed), and at most once per `throttleMs` per broadcast recomputes the counts, marks a
 * `sending` broadcast `completed` once every recipient's latest delivery is finished, and emits
 * `broadcast.progress`.
 *
 * Completed means: nothing left to queue, and no latest delivery is queued, held or sending.
 * Held deliveries (quiet hours, daily cap) keep a broadcast `sending` until they go out or are
 * cancelled; `sent` counts as finished (the provider has it; a receipt may still follow).
 */
import type { AppDb } from '../db/database';
import type { EventBus } from '../foundation/event-bus';
import type { Logger } from '../foundation/logger';
import type { EventPayload } from '../../shared/contract';
import type { BroadcastProgressCounts } from '../../shared/contract/broadcasts';
import { broadcastOfMessage, broadcastProgressCounts, findBroadcast, updateBroadcast, UNFINISHED_DELIVERY_STATES, type BroadcastRow } from './broadcasts-repo';

export function progressPayload(db: AppDb, row: BroadcastRow): EventPayload<'broadcast.progress'> {
  return { broadcastId: row.id, status: row.status, ...broadcastProgressCounts(db, row.id) };
}

/** Marks a sending broadcast completed when everything is queued and every delivery finished; returns the new row if it did. */
export function completeIfFinished(db: AppDb, row: BroadcastRow, now: number, counts?: BroadcastProgressCounts): BroadcastRow | null {
  if (row.status !== 'sending') return null;
  counts ??= broadcastProgressCounts(db, row.id);
  if (counts.pending > 0) return null;
  if (UNFINISHED_DELIVERY_STATES.some((s) => counts.byState[s] > 0)) return null;
  return updateBroadcast(db, row.id, { status: 'completed', completedAt: now, updatedAt: now }) ?? null;
}

export interface ProgressWatcher {
  /** Recomputes and emits now for every broadcast touched since the last flush. */
  flush(): void;
  stop(): void;
}

export function watchBroadcastDeliveries(deps: { db: AppDb; events: EventBus; logger: Logger; now: () => number; throttleMs?: number }): ProgressWatcher {
  const { db, events, logger } = deps;
  const throttleMs = deps.throttleMs ?? 250;
  const dirty = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const ids = [...dirty];
    dirty.clear();
    for (const id of ids) {
      try {
        const row = findBroadcast(db, id);
        if (!row) continue;
        const current = completeIfFinished(db, row, deps.now()) ?? row;
        if (current.status === 'completed' && row.status !== 'completed') logger.info('broadcast completed: every delivery finished', { broadcastId: id });
        events.emit('broadcast.progress', progressPayload(db, current));
      } catch (error) {
        logger.error('broadcast progress could not be updated', { broadcastId: id, error });
      }
    }
  };

  // Broadcasts the sender is still queueing (its last progress said sending, recipients pending):
  // it reports again when it stops, so a delivery just queued or held need not recount them all.
  const queueing = new Set<number>();
  const unsubscribe = events.subscribe((name, payload) => {
    if (stopped) return;
    if (name === 'broadcast.progress') {
      const p = payload as EventPayload<'broadcast.progress'>;
      if (p.status === 'sending' && p.pending > 0) queueing.add(p.broadcastId);
      else queueing.delete(p.broadcastId);
      return;
    }
    if (name !== 'delivery.updated') return;
    const { messageId, state } = payload as EventPayload<'delivery.updated'>;
    const broadcastId = broadcastOfMessage(db, messageId);
    if (broadcastId === null) return;
    if ((state === 'queued' || state === 'held') && queueing.has(broadcastId)) return;
    dirty.add(broadcastId);
    timer ??= setTimeout(flush, throttleMs);
  });

  return {
    flush,
    stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      dirty.clear();
    },
  };
}
