/**
 * The unread total across all conversations, for the side-nav badge and the window title (the
 * Electron window shows the page title; the tray and dock badge get the same number from main).
 * Read once, then again after every conversation change or new message.
 */
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery } from '../ipc/useQuery';

const UnreadContext = createContext<number>(0);

export function windowTitle(unread: number): string {
  return unread > 0 ? `Frontdesk — ${unread} unread` : 'Frontdesk';
}

export function UnreadProvider({ children }: { children: ReactNode }) {
  const query = useQuery('inbox.unreadTotal', {}, { refreshOn: ['conversation.updated', 'message.created'] });
  const unread = query.value?.unread ?? 0;
  useEffect(() => {
    document.title = windowTitle(unread);
  }, [unread]);
  useEffect(
    () => () => {
      document.title = windowTitle(0);
    },
    [],
  );
  return <UnreadContext.Provider value={unread}>{children}</UnreadContext.Provider>;
}

export function useUnreadTotal(): number {
  return useContext(UnreadContext);
}
