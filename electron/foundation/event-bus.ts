/** In-process fan-out of push events to whichever transports are connected. */
import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}
