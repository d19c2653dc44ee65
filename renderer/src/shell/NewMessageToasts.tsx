/**
 * An in-app toast for each new patient message, with "Open", on whatever screen staff are on;
 * never for the conversation they are reading (that one is simply marked read).
 */
import { Intent, OverlayToaster, Position } from '@blueprintjs/core';
import { useEffect, useRef } from 'react';
import { useApi } from '../ipc/ApiContext';
import { navigate } from '../navigation/route';
import { viewingConversation } from '../navigation/viewing';

const TOAST_MS = 10_000;

export function NewMessageToasts() {
  const api = useApi();
  const toaster = useRef<OverlayToaster | null>(null);
  useEffect(
    () =>
      api.on('message.created', (event) => {
        if (event.direction !== 'inbound' || event.conversationId === viewingConversation()) return;
        void api.call('inbox.conversation', { conversationId: event.conversationId }).then((result) => {
          // The toast is a courtesy: if the summary cannot be read, the unread badge still counts it.
          if (!result.ok || event.conversationId === viewingConversation()) return;
          const c = result.value;
          toaster.current?.show(
            {
              icon: 'chat',
              intent: Intent.PRIMARY,
              timeout: TOAST_MS,
              message: (
                <span data-testid="new-message-toast">
                  <strong>New message from {c.title}</strong>
                  {c.lastMessagePreview ? <span className="fd-toast-preview">{c.lastMessagePreview}</span> : null}
                </span>
              ),
              action: { text: 'Open', onClick: () => navigate({ screen: 'inbox', conversationId: c.id }) },
            },
            `conversation-${c.id}`,
          );
        });
      }),
    [api],
  );
  return <OverlayToaster ref={toaster} position={Position.BOTTOM_RIGHT} maxToasts={3} usePortal />;
}
