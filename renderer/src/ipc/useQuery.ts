/**
 * Loads one read-only call and keeps its result. While new input loads, the previous value stays
 * on screen (`loading` is true) so lists do not flicker as the user types.
 * `refreshOn` lists push events that make it load again. A load refused because the app was locked
 * or signed out is retried when the auth state changes (unlock, sign-in). Main holds back events
 * while the desk is locked, so a query that follows events also loads again on unlock.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallName, EventName, InputOf, OutputOf } from '../../../shared/contract';
import type { CallError } from '../../../shared/ipc/result';
import { useApi } from './ApiContext';
import { describeFailure } from './transport';

export interface QueryState<T> {
  loading: boolean;
  value: T | undefined;
  error: CallError | undefined;
  reload(): void;
}

interface Loaded<T> {
  key: string;
  value: T | undefined;
  error: CallError | undefined;
}

export function useQuery<N extends CallName>(
  name: N,
  input: InputOf<N>,
  options: { enabled?: boolean; refreshOn?: readonly EventName[] } = {},
): QueryState<OutputOf<N>> {
  const api = useApi();
  const enabled = options.enabled ?? true;
  const [version, setVersion] = useState(0);
  const inputJson = JSON.stringify(input);
  const key = `${name}#${version}#${inputJson}`;
  // An answer the entry script prefetched and that has already arrived is the first render's
  // value (no spinner, no second render); the first load then has nothing left to do.
  const [loaded, setLoaded] = useState<Loaded<OutputOf<N>> | null>(() => {
    const value = enabled ? api.takeArrived(name, input) : undefined;
    return value === undefined ? null : { key, value, error: undefined };
  });
  const arrivedFirst = useRef(loaded !== null);
  const refreshKey = (options.refreshOn ?? []).join(',');

  useEffect(() => {
    if (!enabled) return;
    if (arrivedFirst.current) {
      arrivedFirst.current = false;
      return;
    }
    let current = true;
    const parsed = JSON.parse(inputJson) as InputOf<N>;
    api.call(name, parsed).then(
      (result) => {
        if (!current) return;
        setLoaded((previous) =>
          result.ok
            ? { key, value: result.value, error: undefined }
            : { key, value: previous?.value, error: result.error },
        );
      },
      (error: unknown) => {
        if (current) setLoaded((previous) => ({ key, value: previous?.value, error: { code: 'internal', message: describeFailure(error) } }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, name, key, inputJson, enabled]);

  useEffect(() => {
    if (!refreshKey) return;
    const offs = refreshKey.split(',').map((event) => api.on(event as EventName, () => setVersion((v) => v + 1)));
    return () => {
      for (const off of offs) off();
    };
  }, [api, refreshKey]);

  const lastErrorCode = useRef<string | undefined>(undefined);
  const followsEvents = useRef(false);
  useEffect(() => {
    lastErrorCode.current = loaded?.error?.code;
    followsEvents.current = refreshKey !== '';
  });
  useEffect(
    () =>
      api.on('auth.changed', ({ reason }) => {
        const refused = lastErrorCode.current === 'locked' || lastErrorCode.current === 'unauthenticated';
        if (refused || (reason === 'unlocked' && followsEvents.current)) setVersion((v) => v + 1);
      }),
    [api],
  );

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return {
    loading: enabled && loaded?.key !== key,
    value: loaded?.value,
    error: loaded?.error,
    reload,
  };
}
