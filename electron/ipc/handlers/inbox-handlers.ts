import type { InboxService } from '../../services/inbox-service';
import { actorId, type HandlerGroup } from '../handler-types';

type InboxCalls =
  | 'inbox.list'
  | 'inbox.thread'
  | 'inbox.markRead'
  | 'inbox.assign'
  | 'inbox.setStatus'
  | 'inbox.clearFlag'
  | 'inbox.addNote'
  | 'inbox.unreadTotal'
  | 'inbox.conversation'
  | 'inbox.context';

export function inboxHandlers(inbox: InboxService): HandlerGroup<InboxCalls> {
  return {
    'inbox.list': (input, ctx) => inbox.list(actorId(ctx), input),
    'inbox.thread': (input, ctx) => inbox.thread(actorId(ctx), input),
    'inbox.markRead': (input) => inbox.markRead(input.conversationId),
    'inbox.assign': (input) => inbox.assign(input.conversationId, input.staffId),
    'inbox.setStatus': (input) => inbox.setStatus(input),
    'inbox.clearFlag': (input) => inbox.clearFlag(input.conversationId),
    'inbox.addNote': (input, ctx) => inbox.addNote(actorId(ctx), input.conversationId, input.body),
    'inbox.unreadTotal': () => inbox.unreadTotal(),
    'inbox.conversation': (input) => inbox.conversation(input.conversationId),
    'inbox.context': (input) => inbox.context(input.conversationId),
  };
}
