/**
 * The inbox's conversation list with keyset paging: the first page (a few screens, so it paints
 * at once) loads when the filter or the search changes, further pages load (through
 * `inbox.list`'s `after` cursor) as the list scrolls near its end. Push events re-read the first
 * page and merge it in, so a conversation with news moves to the top and one that no longer
 * matches the filter drops out, without losing the pages already loaded further down. The
 * count of matches (`inbox.count`, which reads every match) is asked for after the first page
 * and never holds the list up.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import type { InputOf } from '../../../../shared/contract';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { sortKey, mergeFirstPage, type ListPage } from './list-merge';
import { onEventByName } from './live-events';
import { LIST_EVENTS, listRequest, type ListFilter } from './list-request';
import { reuseUnchanged } from '../../lib/same-objects';

export { FIRST_PAGE, PAGE_SIZE, type ListFilter } from './list-request';

export interface ConversationListState {
  items: ConversationSummary[];
  /** How many match, once `inbox.count` has answered (null until then). */
  total: number | null;
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
  hasMore: boolean;
}

export function useConversationList(filter: ListFilter, search: string): ConversationListState {
  const api = useApi();
  const key = JSON.stringify({ filter, search });
  // The first page the entry script prefetched, when it has already arrived: the list renders
  // its rows in its first render.
  const [state, setState] = useState<State | null>(() => {
    const parsed = JSON.parse(key) as { filter: ListFilter; search: string };
    const page = api.takeArrived('inbox.list', listRequest(parsed.filter, parsed.search));
    if (page === undefined) return null;
    performance.mark('frontdesk:list-page');
    return { key, items: page.items, hasMore: page.hasMore };
  });
  const arrivedFirst = useRef(state !== null);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const [count, setCount] = useState<{ key: string; total: number } | null>(null);
  const stateRef = useRef<State | null>(null);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const inFlight = useRef(false);

  const request = useCallback(
    (after?: { lastMessageAt: number | null; id: number }): InputOf<'inbox.list'> => {
      const parsed = JSON.parse(key) as { filter: ListFilter; search: string };
      return listRequest(parsed.filter, parsed.search, after);
    },
    [key],
  );

  // The count for the heading, after the page it must not delay; stale answers are dropped.
  const recount = useCallback(() => {
    const parsed = JSON.parse(key) as { filter: ListFilter; search: string };
    const trimmed = parsed.search.trim();
    api.call('inbox.count', { filter: parsed.filter, ...(trimmed ? { search: trimmed } : {}) }).then(
      (result) => {
        if (result.ok) setCount({ key, total: result.value.total });
        else setError(result.error);
      },
      (failure: unknown) => setError({ code: 'internal', message: String(failure) }),
    );
  }, [api, key]);

  // First page whenever the filter, the search or `version` changes.
  useEffect(() => {
    if (arrivedFirst.current) {
      arrivedFirst.current = false;
      recount();
      return;
    }
    let current = true;
    api.call('inbox.list', request()).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(undefined);
      performance.mark('frontdesk:list-page');
      setState({ key, items: result.value.items, hasMore: result.value.hasMore });
      recount();
    }, (failure: unknown) => {
      if (current) setError({ code: 'internal', message: String(failure) });
    });
    return () => {
      current = false;
    };
  }, [api, key, request, recount, version]);

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
          // Rows that did not change keep their objects, so a re-read renders only the rows that did.
          const page: ListPage = { items: reuseUnchanged(previous.items, result.value.items), complete: !result.value.hasMore };
          const merged = mergeFirstPage(previous.items, page);
          return { ...previous, items: merged, hasMore: page.complete ? false : previous.hasMore };
        });
        recount();
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
  }, [api, key, request, recount]);

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
          return { ...previous, items: [...previous.items, ...fresh], hasMore: result.value.hasMore };
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
    const loaded = stateRef.current?.items.some((c) => c.id === conversationId) ?? false;
    setState((previous) => (previous ? { ...previous, items: previous.items.filter((c) => c.id !== conversationId) } : previous));
    if (loaded) setCount((previous) => (previous ? { ...previous, total: Math.max(0, previous.total - 1) } : previous));
  }, []);

  const current = state && state.key === key ? state : null;
  return {
    items: current?.items ?? state?.items ?? [],
    total: count && count.key === key ? count.total : null,
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
