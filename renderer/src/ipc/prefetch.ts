/**
 * Calls started before the component that needs them exists. At start-up the app would otherwise
 * ask one thing after another (sign-in state, then the clinic settings, then the inbox's first
 * page), each waiting for the code and the render before it; started together from the entry
 * script they travel while the rest of the bundle is still being parsed.
 *
 * A prefetched answer is handed out once, to the first caller asking for the same call and input,
 * and only while it is fresh: younger than `maxAgeMs`, and no push event that would change it
 * (`staleOn`) has arrived since it was asked for. A failed answer is never handed out (the caller
 * asks again, so its error reaches the app's error listeners as any call's would).
 */
import type { CallName, EventName, InputOf, OutputOf } from '../../../shared/contract';
import type { CallResult } from '../../../shared/ipc/result';
import type { Api } from './api';

/** Longer than any start-up, short enough that nothing shown is old news. */
export const PREFETCH_MAX_AGE_MS = 10_000;

interface Entry {
  key: string;
  at: number;
  result: Promise<CallResult<unknown>>;
  /** The answer, once it has arrived. */
  arrived?: CallResult<unknown>;
  stop(): void;
}

export interface PrefetchingApi extends Api {
  /** Starts `name` now; the first `call` with the same input gets its answer. */
  prefetch<N extends CallName>(name: N, input: InputOf<N>, staleOn?: readonly EventName[]): void;
  /**
   * A prefetched answer that has already arrived (and succeeded), handed out now and once, for
   * a component's first render: at start-up the sign-in gate, the shell and the list can then
   * render with their data at once instead of a spinner, an effect and a second render each.
   */
  takeArrived<N extends CallName>(name: N, input: InputOf<N>): OutputOf<N> | undefined;
}

const keyOf = (name: CallName, input: unknown) => `${name}#${JSON.stringify(input ?? {})}`;

/**
 * The app's api with a prefetch slot per call name. Every other call, and every call after the
 * prefetched answer was handed out, goes straight through.
 */
export function withPrefetch(
  api: Api,
  /**
   * How a prefetch is sent: the bare transport, so that a refusal (nobody signed in yet) is not
   * reported to the app's error listeners; the caller who takes it asks again and hears it.
   */
  send: (name: CallName, input: unknown) => Promise<CallResult<unknown>>,
  options: { now?: () => number; maxAgeMs?: number } = {},
): PrefetchingApi {
  const now = options.now ?? (() => performance.now());
  const maxAge = options.maxAgeMs ?? PREFETCH_MAX_AGE_MS;
  const entries = new Map<CallName, Entry>();

  const drop = (name: CallName, entry: Entry) => {
    entry.stop();
    if (entries.get(name) === entry) entries.delete(name);
  };

  return {
    on: (event, listener) => api.on(event, listener),
    onCallError: (listener) => api.onCallError(listener),
    prefetch(name, input, staleOn = []) {
      const previous = entries.get(name);
      if (previous) drop(name, previous);
      const entry: Entry = { key: keyOf(name, input), at: now(), result: send(name, input), stop: () => undefined };
      entry.result.then(
        (result) => {
          entry.arrived = result;
        },
        // A transport that throws is handed to whoever takes the promise; nothing to note here.
        () => undefined,
      );
      const offs = staleOn.map((event) => api.on(event, () => drop(name, entry)));
      entry.stop = () => {
        for (const off of offs) off();
      };
      entries.set(name, entry);
    },
    takeArrived<N extends CallName>(name: N, input: InputOf<N>): OutputOf<N> | undefined {
      const entry = entries.get(name);
      if (!entry?.arrived?.ok || entry.key !== keyOf(name, input) || now() - entry.at > maxAge) return undefined;
      drop(name, entry);
      return entry.arrived.value as OutputOf<N>;
    },
    call<N extends CallName>(name: N, input: InputOf<N>): Promise<CallResult<OutputOf<N>>> {
      const entry = entries.get(name);
      if (!entry || entry.key !== keyOf(name, input)) return api.call(name, input);
      drop(name, entry);
      if (now() - entry.at > maxAge) return api.call(name, input);
      return entry.result.then((result) => (result.ok ? (result as CallResult<OutputOf<N>>) : api.call(name, input)));
    },
  };
}
