/**
 * What every start asks for, sent from the entry script before the app's code loads. Each input
 * must be exactly the one its screen asks with (the prefetch is matched by call and input).
 */
import type { PrefetchingApi } from './ipc/prefetch';
import { parseRoute } from './navigation/route-parse';
import { LIST_EVENTS, OPENING_FILTER, listRequest } from './screens/inbox/list-request';

export function prefetchStart(api: PrefetchingApi, hash: string): void {
  prefetchFirstPage(api, hash);
  // AuthGate, then ClinicProvider and UnreadProvider in the shell.
  api.prefetch('auth.state', {}, ['auth.changed']);
  api.prefetch('settings.get', {});
  api.prefetch('inbox.unreadTotal', {}, LIST_EVENTS);
}

/** The inbox's first page (useConversationList with the filter the inbox opens with). */
function prefetchFirstPage(api: PrefetchingApi, hash: string): void {
  if (parseRoute(hash).screen === 'inbox') api.prefetch('inbox.list', listRequest(OPENING_FILTER, ''), LIST_EVENTS);
}

/**
 * Opening the inbox from another screen (side nav, Alt+1, a toast's Open): its first page is asked
 * for at the hash change. Registered before React's own listener, so the call is on its way
 * before the inbox renders, instead of after that render, from its effect. Only when arriving
 * from another screen: within the inbox the list is already loaded.
 */
export function prefetchOnNavigation(api: PrefetchingApi, target: { location: { hash: string }; addEventListener(type: 'hashchange', listener: () => void): void }): void {
  let previous = parseRoute(target.location.hash).screen;
  target.addEventListener('hashchange', () => {
    const screen = parseRoute(target.location.hash).screen;
    if (previous !== 'inbox') prefetchFirstPage(api, target.location.hash);
    previous = screen;
  });
}
