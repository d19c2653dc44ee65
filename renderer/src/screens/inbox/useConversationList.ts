/**
 * The inbox's conversation list with keyset paging: the first page loads when the filter or the
 * search changes, further pages load (through `inbox.list`'s `after` cursor) as the list scrolls
 * near its end. Push events re-read the first page and merge it in, so a conversation with news
 * moves to the top and one that no longer matches the filter drops out, without losing the
 * pages already loaded further down.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import type { InputOf } from '../../../../shared/contract';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { sortKey, mergeFirstPage, type ListPage } from './list-merge';
import { onEventByName } from './live-events';

const LIST_EVENTS = ['conversation.updated', 'message.created'] as const;

export const PAGE_SIZE = 200;

export type ListFilter = NonNullable<InputOf<'inbox.list'>['filter']>;

export interface ConversationListState {
  items: ConversationSummary[];
  total: number;
  /** True until the first page of the current filter has arrived. */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: CallError | undefined;
  loadMore(): void;
  reload(): void;
  /** Apply a change made here (assign, resolve) at once, before the event round trip. */
  replace(summary: ConversationSummary): void;
  remove(conversationId: number): void;
}

interface State {
  key: string;
  items: ConversationSummary[];
  total: number;
  hasMore: boolean;
}

export function useConversationList(filter: ListFilter, search: string): ConversationListState {
  const api = useApi();
  const key = JSON.stringify({ filter, search });
  const [state, setState] = useState<State | null>(null);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const stateRef = useRef<State | null>(null);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const inFlight = useRef(false);

  const request = useCallback(
    (after?: { lastMessageAt: number | null; id: number }): InputOf<'inbox.list'> => {
      const parsed = JSON.parse(key) as { filter: ListFilter; search: string };
      const trimmed = parsed.search.trim();
      return { filter: parsed.filter, limit: PAGE_SIZE, ...(trimmed ? { search: trimmed } : {}), ...(after ? { after } : {}) };
    },
    [key],
  );

  // First page whenever the filter, the search or `version` changes.
  useEffect(() => {
    let current = true;
    api.call('inbox.list', request()).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(undefined);
      setState({ key, items: result.value.items, total: result.value.total, hasMore: result.value.items.length === PAGE_SIZE });
    }, (failure: unknown) => {
      if (current) setError({ code: 'internal', message: String(failure) });
    });
    return () => {
      current = false;
    };
  }, [api, key, request, version]);

  // Live updates: re-read the first page and merge it over what is loaded.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      const snapshot = stateRef.current;
      if (!snapshot || snapshot.key !== key) return;
      api.call('inbox.list', request()).then((result) => {
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setState((previous) => {
          if (!previous || previous.key !== key) return previous;
          const page: ListPage = { items: result.value.items, total: result.value.total, complete: result.value.items.length < PAGE_SIZE };
          const merged = mergeFirstPage(previous.items, page);
          return { ...previous, items: merged, total: result.value.total, hasMore: page.complete ? false : previous.hasMore };
        });
      }, (failure: unknown) => setError({ code: 'internal', message: String(failure) }));
    };
    // Bursts of events (a broadcast's replies) cost one read.
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        refresh();
      }, 150);
    };
    // New messages (either direction) and conversation changes (read, assigned, resolved).
    const offs = LIST_EVENTS.map((name) => onEventByName(api, name, schedule));
    return () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api, key, request]);

  const loadMore = useCallback(() => {
    const snapshot = stateRef.current;
    if (!snapshot || snapshot.key !== key || !snapshot.hasMore || inFlight.current) return;
    const last = snapshot.items[snapshot.items.length - 1];
    if (!last) return;
    inFlight.current = true;
    setLoadingMore(true);
    api
      .call('inbox.list', request({ lastMessageAt: last.lastMessageAt, id: last.id }))
      .then((result) => {
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setState((previous) => {
          if (!previous || previous.key !== key) return previous;
          const seen = new Set(previous.items.map((c) => c.id));
          const fresh = result.value.items.filter((c) => !seen.has(c.id));
          return { ...previous, items: [...previous.items, ...fresh], total: result.value.total, hasMore: result.value.items.length === PAGE_SIZE };
        });
      }, (failure: unknown) => setError({ code: 'internal', message: String(failure) }))
      .finally(() => {
        inFlight.current = false;
        setLoadingMore(false);
      });
  }, [api, key, request]);

  const replace = useCallback((summary: ConversationSummary) => {
    setState((previous) => {
      if (!previous) return previous;
      return { ...previous, items: previous.items.map((c) => (c.id === summary.id ? summary : c)) };
    });
  }, []);

  const remove = useCallback((conversationId: number) => {
    setState((previous) => {
      if (!previous) return previous;
      const items = previous.items.filter((c) => c.id !== conversationId);
      return { ...previous, items, total: Math.max(0, previous.total - (previous.items.length - items.length)) };
    });
  }, []);

  const current = state && state.key === key ? state : null;
  return {
    items: current?.items ?? state?.items ?? [],
    total: current?.total ?? 0,
    loading: current === null,
    loadingMore,
    hasMore: current?.hasMore ?? false,
    error,
    loadMore,
    reload: useCallback(() => setVersion((v) => v + 1), []),
    replace,
    remove,
  };
}

export { sortKey };
