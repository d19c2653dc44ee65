/**
 * Subscribing to push events by name, including the engine's (`delivery.updated`,
 * `message.created`) before they are in shared/contract/events.ts: the transport simply never
 * delivers an event nobody emits.
 */
import type { Api } from '../../ipc/api';

/** Events after which an open thread or the training phone should read again. */
export const THREAD_EVENTS = ['conversation.updated', 'delivery.updated', 'message.created'] as const;

type UntypedOn = (event: string, listener: (payload: unknown) => void) => () => void;

export function onEventByName(api: Api, event: string, listener: (payload: unknown) => void): () => void {
  const untyped = api.on as unknown as UntypedOn;
  return untyped.call(api, event, listener);
}

/** The conversation an event is about, when its payload says. */
export function eventConversationId(payload: unknown): number | null {
  if (typeof payload !== 'object' || payload === null || !('conversationId' in payload)) return null;
  const id = (payload as { conversationId: unknown }).conversationId;
  return typeof id === 'number' ? id : null;
}
