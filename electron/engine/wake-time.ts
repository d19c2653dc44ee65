/**
 * When the dispatcher should run its next pass: the earliest moment something can actually go.
 * For each channel with waiting rows that is the later of its earliest due row and its sender's
 * next token, or, while its provider is offline or paused, the provider's next probe; then the
 * earliest status poll, the earliest reconciliation lookup, and the longest idle wait as a safety net.
 * A row that is due but blocked never makes the loop spin.
 */
import { CHANNELS } from '../../shared/domain';
import type { DispatchContext } from './dispatch-context';
import { earliestDueOnChannel, earliestPoll } from './engine-repo';

export function nextWakeAt(ctx: DispatchContext, extra: number | null): number {
  const { deps, opts, pacing } = ctx;
  const now = deps.clock.now();
  let wake = now + opts.idleWaitMs;
  const consider = (t: number) => {
    if (t < wake) wake = t;
  };
  const blockedUntil = (providerName: string): number | null => pacing.blockedUntil(providerName) ?? null;
  for (const channel of CHANNELS) {
    const due = earliestDueOnChannel(deps.db, channel);
    if (due === null) continue;
    const providerName = deps.providerNameFor(channel);
    const probeAt = blockedUntil(providerName);
    if (probeAt !== null) {
      consider(probeAt);
      continue;
    }
    const provider = deps.provider(providerName);
    if (!provider) {
      consider(due);
      continue;
    }
    const bucket = pacing.bucketFor(providerName, provider.senderFor(channel), channel);
    consider(Math.max(due, now + bucket.waitMs(1, now)));
  }
  const poll = earliestPoll(deps.db);
  if (poll) consider(blockedUntil(poll.provider) ?? poll.t);
  if (extra !== null) consider(extra);
  return wake;
}
