/**
 * What every start asks for, sent from the entry script before the app's code loads. Each input
 * must be exactly the one its screen asks with (the prefetch is matched by call and input).
 */
import type { PrefetchingApi } from './ipc/prefetch';
import { parseRoute } from './shell/route-parse';
import { LIST_EVENTS, OPENING_FILTER, listRequest } from './screens/inbox/list-request';

export function prefetchStart(api: PrefetchingApi, hash: string): void {
  // AuthGate, then ClinicProvider and UnreadProvider in the shell.
  api.prefetch('auth.state', {}, ['auth.changed']);
  api.prefetch('settings.get', {});
  api.prefetch('inbox.unreadTotal', {}, LIST_EVENTS);
  // The inbox's first page (useConversationList with the filter the inbox opens with).
  if (parseRoute(hash).screen === 'inbox') api.prefetch('inbox.list', listRequest(OPENING_FILTER, ''), LIST_EVENTS);
}
