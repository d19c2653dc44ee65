/**
 * Opening a conversation marks it read, after its thread has painted (useAfterThreadPaint): the
 * write, its push events and the list row's re-render would otherwise hold up that paint. A
 * conversation the list already shows as read is not written again.
 */
import { useCallback } from 'react';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { useApi } from '../../ipc/ApiContext';
import { useAfterThreadPaint } from './useAfterThreadPaint';

export function useMarkReadOnOpen(
  shown: number | null,
  replaceRow: (summary: ConversationSummary) => void,
  onError: (message: string) => void,
): (id: number, summary: ConversationSummary | undefined) => void {
  const api = useApi();
  const afterThreadPaint = useAfterThreadPaint(shown);
  return useCallback(
    (id, summary) => {
      if (summary && summary.unreadCount === 0) return;
      afterThreadPaint(id, () => {
        void api.call('inbox.markRead', { conversationId: id }).then((result) => {
          if (!result.ok) onError(`Could not mark it read: ${result.error.message}`);
          else if (summary) replaceRow({ ...summary, unreadCount: 0 });
        });
      });
    },
    [afterThreadPaint, api, onError, replaceRow],
  );
}
