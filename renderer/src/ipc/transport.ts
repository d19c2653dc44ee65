/**
 * The two ways the renderer reaches main: the preload bridge (Electron) or the HTTP dev transport
 * (browser tests, development without Electron). Both resolve every call to a `CallResult`; a
 * transport failure becomes an `unavailable` error instead of a rejected promise.
 */
import type { CallName, EventName } from '../../../shared/contract';
import type { FrontdeskBridge } from '../../../shared/contract/bridge';
import { HTTP_CALL_PATH, HTTP_EVENTS_PATH } from '../../../shared/contract/bridge';
import type { CallError, CallResult } from '../../../shared/ipc/result';

export interface Transport {
  call(name: CallName, input: unknown): Promise<CallResult<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

type UntypedCall = (input: unknown) => Promise<CallResult<unknown>>;

export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function unavailable(message: string): { ok: false; error: CallError } {
  return { ok: false, error: { code: 'unavailable', message } };
}

export function bridgeTransport(bridge: FrontdeskBridge): Transport {
  return {
    async call(name, input) {
      const fn = bridge.calls[name] as UntypedCall | undefined;
      if (!fn) return { ok: false, error: { code: 'unknown_call', message: `This version of Frontdesk has no call named ${name}` } };
      try {
        return await fn(input);
      } catch (error) {
        return unavailable(`Frontdesk could not reach its core: ${describeFailure(error)}`);
      }
    },
    on(event, listener) {
      return bridge.onEvent(event, listener);
    },
  };
}

export interface HttpTransportOptions {
  origin: string;
  token: string;
  sessionId: string;
}

function isCallResult(value: unknown): value is CallResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const candidate = value as { ok: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in value;
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null;
}

export function httpTransport(options: HttpTransportOptions): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const openSource = (): EventSource => {
    if (source) return source;
    const url = `${options.origin}${HTTP_EVENTS_PATH}?token=${encodeURIComponent(options.token)}&session=${encodeURIComponent(options.sessionId)}`;
    source = new EventSource(url);
    return source;
  };

  return {
    async call(name, input) {
      let response: Response;
      try {
        response = await fetch(`${options.origin}${HTTP_CALL_PATH}${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.token}`,
            'x-frontdesk-session': options.sessionId,
          },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return unavailable(`Frontdesk’s core is not reachable (${describeFailure(error)}). Check that it is running, then try again.`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: `Frontdesk’s core sent an unreadable answer (HTTP ${response.status}: ${describeFailure(error)})` } };
      }
      if (!isCallResult(body)) {
        return { ok: false, error: { code: 'internal', message: `Frontdesk’s core sent an unexpected answer (HTTP ${response.status})` } };
      }
      return body;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        const created = new Set<(payload: unknown) => void>();
        listeners.set(event, created);
        set = created;
        openSource().addEventListener(event, (message: MessageEvent<string>) => {
          const payload: unknown = JSON.parse(message.data);
          for (const l of created) l(payload);
        });
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
