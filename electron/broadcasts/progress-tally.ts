/**
 * A sending broadcast's progress kept in memory while its batches are queued: counted once from
 * the database when queueing starts, then moved on by what each batch decided (its recipients
 * queued or excluded, and the state each new message starts in). A full count reads every
 * recipient's latest delivery, so counting after every batch made a 50,000-recipient broadcast
 * quadratic; the batch's own decisions say the same for the recipients it touched.
 *
 * What a batch does not see — a delivery the dispatcher moved meanwhile — is in the next full
 * count: the progress watcher's (`rebase` takes it) and the sender's at the end.
 */
import type { AppDb } from '../db/database';
import type { BroadcastProgressCounts } from '../../shared/contract/broadcasts';
import type { QueueOutcome } from '../engine/queue-types';
import { broadcastProgressCounts, latestDeliveryStateOf, queuedMessageIds, type RecipientOutcome } from './broadcasts-repo';

export interface ProgressTally {
  readonly counts: BroadcastProgressCounts;
  /** Records a batch's decisions; `outcomes` gives the state the message of each queued recipient starts in. */
  add(decided: readonly RecipientOutcome[], outcomes: ReadonlyMap<number, QueueOutcome>): void;
  /**
   * Takes a full count made elsewhere (it includes every batch recorded so far). A progress event
   * carries no address counts: without them the tally's own, exact for the batches, stay.
   */
  rebase(counts: Omit<BroadcastProgressCounts, 'addresses' | 'patientsCovered'> & Partial<BroadcastProgressCounts>): void;
}

function copy(c: BroadcastProgressCounts): BroadcastProgressCounts {
  return { ...c, byState: { ...c.byState }, excludedBy: { ...c.excludedBy } };
}

export function startTally(db: AppDb, broadcastId: number): ProgressTally {
  let counts = copy(broadcastProgressCounts(db, broadcastId));
  // Messages already counted in `addresses`: a duplicate outcome may name one of them.
  const messages = new Set(queuedMessageIds(db, broadcastId));

  const stateOf = (messageId: number, out: QueueOutcome | undefined): keyof BroadcastProgressCounts['byState'] | null => {
    if (out?.status === 'queued') return out.held ? 'held' : 'queued';
    // A duplicate (queued by an earlier, interrupted run) may have moved on since: ask.
    return latestDeliveryStateOf(db, messageId);
  };

  return {
    get counts() {
      return counts;
    },
    add(decided, outcomes) {
      for (const o of decided) {
        counts.pending -= 1;
        if (o.state === 'excluded') {
          counts.excluded += 1;
          counts.excludedBy[o.exclusionReason] = (counts.excludedBy[o.exclusionReason] ?? 0) + 1;
          continue;
        }
        counts.queued += 1;
        counts.patientsCovered += 1;
        if (!messages.has(o.messageId)) {
          messages.add(o.messageId);
          counts.addresses += 1;
        }
        const state = stateOf(o.messageId, outcomes.get(o.messageId));
        if (state) counts.byState[state] = (counts.byState[state] ?? 0) + 1;
      }
    },
    rebase(full) {
      counts = copy({ ...full, addresses: full.addresses ?? counts.addresses, patientsCovered: full.patientsCovered ?? counts.patientsCovered });
    },
  };
}
