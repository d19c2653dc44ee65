/**
 * Which broadcasts are sending, as main learns it from the core's broadcast.progress events. It
 * guards "Restart to update" on main's side; the core refuses the restart first from its own
 * database, so a broadcast already sending before any event arrived is covered there.
 */
import type { EventName } from '../../../shared/contract';

export class SendingBroadcasts {
  private readonly sending = new Set<number>();

  follow(name: EventName, payload: unknown): void {
    if (name !== 'broadcast.progress') return;
    const { broadcastId, status } = payload as { broadcastId: number; status: string };
    if (status === 'sending') this.sending.add(broadcastId);
    else this.sending.delete(broadcastId);
  }

  any(): boolean {
    return this.sending.size > 0;
  }
}
