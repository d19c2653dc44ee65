/**
 * The shape of the API the renderer talks to, whichever transport carries it: the preload
 * bridge (`window.frontdesk`, generated from the contract) or the HTTP dev transport.
 */
import type { CallName, EventName, EventPayload, InputOf, OutputOf } from './index';
import type { CallResult } from '../ipc/result';

export type CallFunctions = { [N in CallName]: (input: InputOf<N>) => Promise<CallResult<OutputOf<N>>> };

export interface FrontdeskBridge {
  calls: CallFunctions;
  onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** IPC channel names used by the shell and preload. */
export const IPC_CALL_CHANNEL = 'frontdesk:call';
export const IPC_EVENT_CHANNEL = 'frontdesk:event';

/** HTTP dev transport: header names and paths. */
export const HTTP_TOKEN_HEADER = 'authorization';
export const HTTP_SESSION_HEADER = 'x-frontdesk-session';
export const HTTP_CALL_PATH = '/api/call/';
export const HTTP_EVENTS_PATH = '/api/events';
