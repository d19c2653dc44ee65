/**
 * One conversation's thread: the newest screen or so first (so it paints at once however long
 * the thread), older pages on demand (scrolling up, keyset on the oldest loaded message id), and
 * a re-read of the newest page when a push event concerns this conversation (new message,
 * delivery state change). Older pages already loaded are kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { THREAD_EVENTS, eventConversationId, onEventByName } from './live-events';

/** The newest messages, read on opening and on every push event: a few screens. */
export const THREAD_PAGE = 50;
/** Each older page while scrolling up. */
export const OLDER_PAGE = 100;

type ThreadValue = OutputOf<'inbox.thread'>;

export interface ThreadState {
  value: ThreadValue | undefined;
  error: CallError | undefined;
  loading: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
  reload(): void;
}

interface Loaded {
  conversationId: number;
  value: ThreadValue;
}

export function mergeNewest(previous: ThreadValue, newest: ThreadValue): ThreadValue {
  const firstNew = newest.messages[0]?.id;
  if (firstNew === undefined) return { ...newest, hasOlder: previous.hasOlder };
  const older = previous.messages.filter((m) => m.id < firstNew);
  return { ...newest, messages: [...older, ...newest.messages], hasOlder: older.length > 0 ? previous.hasOlder : newest.hasOlder };
}

export function useThread(conversationId: number | null): ThreadState {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [version, setVersion] = useState(0);
  const loadedRef = useRef<Loaded | null>(null);
  useEffect(() => {
    loadedRef.current = loaded;
  }, [loaded]);

  const readNewest = useCallback(
    (id: number, merge: boolean, isCurrent: () => boolean) => {
      api.call('inbox.thread', { conversationId: id, limit: THREAD_PAGE }).then(
        (result) => {
          if (!isCurrent()) return;
          if (!result.ok) {
            setError(result.error);
            return;
          }
          setError(undefined);
          setLoaded((previous) =>
            merge && previous && previous.conversationId === id
              ? { conversationId: id, value: mergeNewest(previous.value, result.value) }
              : { conversationId: id, value: result.value },
          );
        },
        (failure: unknown) => {
          if (isCurrent()) setError({ code: 'internal', message: String(failure) });
        },
      );
    },
    [api],
  );

  useEffect(() => {
    if (conversationId === null) return;
    let current = true;
    readNewest(conversationId, version > 0, () => current);
    return () => {
      current = false;
    };
  }, [conversationId, version, readNewest]);

  useEffect(() => {
    if (conversationId === null) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (payload: unknown) => {
      const about = eventConversationId(payload);
      if (about !== null && about !== conversationId) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        readNewest(conversationId, true, () => current);
      }, 100);
    };
    const offs = THREAD_EVENTS.map((name) => onEventByName(api, name, onEvent));
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api, conversationId, readNewest]);

  const loadOlder = useCallback(() => {
    const snapshot = loadedRef.current;
    if (!snapshot || !snapshot.value.hasOlder || loadingOlder) return;
    const first = snapshot.value.messages[0];
    if (!first) return;
    setLoadingOlder(true);
    api
      .call('inbox.thread', { conversationId: snapshot.conversationId, beforeMessageId: first.id, limit: OLDER_PAGE })
      .then(
        (result) => {
          if (!result.ok) {
            setError(result.error);
            return;
          }
          setLoaded((previous) => {
            if (!previous || previous.conversationId !== snapshot.conversationId) return previous;
            const known = new Set(previous.value.messages.map((m) => m.id));
            const older = result.value.messages.filter((m) => !known.has(m.id));
            return {
              ...previous,
              value: { ...previous.value, messages: [...older, ...previous.value.messages], hasOlder: result.value.hasOlder },
            };
          });
        },
        (failure: unknown) => setError({ code: 'internal', message: String(failure) }),
      )
      .finally(() => setLoadingOlder(false));
  }, [api, loadingOlder]);

  const current = loaded && loaded.conversationId === conversationId ? loaded.value : undefined;
  return {
    value: current,
    error,
    loading: conversationId !== null && current === undefined && !error,
    loadingOlder,
    loadOlder,
    reload: useCallback(() => setVersion((v) => v + 1), []),
  };
}
