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
import { reuseUnchanged, sameValue } from '../../lib/same-objects';

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
  /**
   * Starts reading a conversation now, from the click or key that opens it, instead of after
   * the render that the same click causes (opening mounts the header, composer and context
   * panel, which on a modest machine takes longer than the read itself).
   */
  open(conversationId: number): void;
}

interface Loaded {
  conversationId: number;
  value: ThreadValue;
}

export function mergeNewest(previous: ThreadValue, newest: ThreadValue): ThreadValue {
  const firstNew = newest.messages[0]?.id;
  if (firstNew === undefined) return { ...newest, hasOlder: previous.hasOlder };
  const older = previous.messages.filter((m) => m.id < firstNew);
  // Messages that did not change keep their objects, so their bubbles do not render again.
  const fresh = reuseUnchanged(previous.messages, newest.messages);
  return {
    ...newest,
    conversation: sameValue(previous.conversation, newest.conversation) ? previous.conversation : newest.conversation,
    notes: reuseUnchanged(previous.notes, newest.notes),
    messages: [...older, ...fresh],
    hasOlder: older.length > 0 ? previous.hasOlder : newest.hasOlder,
  };
}

export function useThread(conversationId: number | null): ThreadState {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // Kept with the conversation it is about: another conversation opened after it is loading, not
  // failed (its thread, and the work waiting for its paint, must not count it as shown).
  const [failed, setFailed] = useState<{ conversationId: number; error: CallError } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [version, setVersion] = useState(0);
  const loadedRef = useRef<Loaded | null>(null);
  useEffect(() => {
    loadedRef.current = loaded;
  }, [loaded]);
  /** The conversation being read (set by `open` or the prop), and which read answers last. */
  const wanted = useRef<number | null>(null);
  const latestRead = useRef(0);
  /** The (conversation, version) the last read was started for, so the effect does not read twice. */
  const started = useRef<{ id: number; version: number } | null>(null);

  const readNewest = useCallback(
    (id: number, merge: boolean) => {
      // Only the latest read may answer: an older one arriving late must not replace it.
      const read = ++latestRead.current;
      const isCurrent = () => read === latestRead.current && wanted.current === id;
      api.call('inbox.thread', { conversationId: id, limit: THREAD_PAGE }).then(
        (result) => {
          if (!isCurrent()) return;
          if (!result.ok) {
            setFailed({ conversationId: id, error: result.error });
            return;
          }
          setFailed(null);
          setLoaded((previous) =>
            merge && previous && previous.conversationId === id
              ? { conversationId: id, value: mergeNewest(previous.value, result.value) }
              : { conversationId: id, value: result.value },
          );
        },
        (failure: unknown) => {
          if (isCurrent()) setFailed({ conversationId: id, error: { code: 'internal', message: String(failure) } });
        },
      );
    },
    [api],
  );

  const versionRef = useRef(version);
  const open = useCallback(
    (id: number) => {
      if (wanted.current === id) return;
      wanted.current = id;
      started.current = { id, version: versionRef.current };
      readNewest(id, false);
    },
    [readNewest],
  );

  useEffect(() => {
    versionRef.current = version;
    wanted.current = conversationId;
    if (conversationId === null) return;
    if (started.current?.id === conversationId && started.current.version === version) return;
    started.current = { id: conversationId, version };
    readNewest(conversationId, version > 0);
  }, [conversationId, version, readNewest]);

  useEffect(
    () => () => {
      wanted.current = null;
      started.current = null;
    },
    [],
  );

  // Subscribed for the hook's whole life, not per conversation: an event that arrives between
  // `open` and the render that follows it is about the conversation being opened, and must
  // not be missed.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (payload: unknown) => {
      const id = wanted.current;
      if (id === null) return;
      const about = eventConversationId(payload);
      if (about !== null && about !== id) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (wanted.current === id) readNewest(id, true);
      }, 100);
    };
    const offs = THREAD_EVENTS.map((name) => onEventByName(api, name, onEvent));
    return () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api, readNewest]);

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
            setFailed({ conversationId: snapshot.conversationId, error: result.error });
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
        (failure: unknown) => setFailed({ conversationId: snapshot.conversationId, error: { code: 'internal', message: String(failure) } }),
      )
      .finally(() => setLoadingOlder(false));
  }, [api, loadingOlder]);

  const current = loaded && loaded.conversationId === conversationId ? loaded.value : undefined;
  const error = failed && failed.conversationId === conversationId ? failed.error : undefined;
  return {
    value: current,
    error,
    loading: conversationId !== null && current === undefined && !error,
    loadingOlder,
    loadOlder,
    reload: useCallback(() => setVersion((v) => v + 1), []),
    open,
  };
}
