/**
 * While a conversation is open and the window visible, it is the one staff are reading: the
 * new-message toast skips it, and a patient's reply arriving in it is marked read at once
 * (instead of counting 1, then 2 while staff look at it).
 */
import { useEffect } from 'react';
import { useApi } from '../../ipc/ApiContext';
import { setViewingConversation } from '../../navigation/viewing';

export function useReadWhileOpen(openId: number | null, onError: (message: string) => void): void {
  const api = useApi();
  useEffect(() => {
    setViewingConversation(openId);
    return () => setViewingConversation(null);
  }, [openId]);

  useEffect(() => {
    if (openId === null) return;
    const markRead = () => {
      if (document.visibilityState === 'hidden') return;
      void api.call('inbox.markRead', { conversationId: openId }).then((result) => {
        if (!result.ok) onError(`Could not mark it read: ${result.error.message}`);
      });
    };
    const offMessage = api.on('message.created', (event) => {
      if (event.direction === 'inbound' && event.conversationId === openId) markRead();
    });
    // Coming back to a window that was hidden: what arrived meanwhile is read now.
    const onVisible = () => {
      if (document.visibilityState === 'visible') markRead();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      offMessage();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, openId, onError]);
}
