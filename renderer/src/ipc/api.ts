/**
 * The typed client built from the IPC contract: `api.call('patients.create', input)` resolves to
 * a `CallResult` of that call's output; `api.on(event, listener)` subscribes to push events.
 * Every failed call is also reported to `onCallError` listeners (the idle lock listens for
 * `locked`, the sign-in gate for `unauthenticated`).
 */
import type { CallName, EventName, EventPayload, InputOf, OutputOf } from '../../../shared/contract';
import type { FrontdeskBridge } from '../../../shared/contract/bridge';
import type { CallError, CallResult } from '../../../shared/ipc/result';
import { bridgeTransport, httpTransport, type Transport } from './transport';
import { sessionClientId, takeTokenFromUrl } from './http-session';

declare global {
  interface Window {
    frontdesk?: FrontdeskBridge;
  }
}

export interface Api {
  call<N extends CallName>(name: N, input: InputOf<N>): Promise<CallResult<OutputOf<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onCallError(listener: (name: CallName, error: CallError) => void): () => void;
}

export function createApi(transport: Transport): Api {
  const errorListeners = new Set<(name: CallName, error: CallError) => void>();
  return {
    async call<N extends CallName>(name: N, input: InputOf<N>) {
      const result = (await transport.call(name, input)) as CallResult<OutputOf<N>>;
      if (!result.ok) for (const l of errorListeners) l(name, result.error);
      return result;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return transport.on(event, (payload) => listener(payload as EventPayload<E>));
    },
    onCallError(listener) {
      errorListeners.add(listener);
      return () => {
        errorListeners.delete(listener);
      };
    },
  };
}

/** Picks the transport: the preload bridge when present, otherwise HTTP to this page's origin. */
export function pickTransport(): Transport | { error: string } {
  if (window.frontdesk) return bridgeTransport(window.frontdesk);
  const token = takeTokenFromUrl();
  if (!token) {
    return { error: 'This page was opened without its access token. Open the address printed by the Frontdesk dev server (it ends in ?token=…).' };
  }
  return httpTransport({ origin: window.location.origin, token, sessionId: sessionClientId() });
}
