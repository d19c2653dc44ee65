import type { InboxService } from '../../services/inbox-service';
import type { HeldMessagesService } from '../../services/held-messages-service';
import { actorId, type HandlerGroup } from '../handler-types';

type InboxCalls =
  | 'inbox.list'
  | 'inbox.count'
  | 'inbox.thread'
  | 'inbox.markRead'
  | 'inbox.assign'
  | 'inbox.setStatus'
  | 'inbox.clearFlag'
  | 'inbox.addNote'
  | 'inbox.unreadTotal'
  | 'inbox.sendHeldNow'
  | 'inbox.editHeld'
  | 'inbox.cancelHeld'
  | 'inbox.conversation'
  | 'inbox.context';

export function inboxHandlers(inbox: InboxService, held: HeldMessagesService): HandlerGroup<InboxCalls> {
  return {
    'inbox.sendHeldNow': (input, ctx) => held.sendNow(actorId(ctx), input.messageId),
    'inbox.editHeld': (input, ctx) => held.edit(actorId(ctx), input.messageId, input.body),
    'inbox.cancelHeld': (input, ctx) => held.cancel(actorId(ctx), input.messageId),
    'inbox.list': (input, ctx) => inbox.list(actorId(ctx), input),
    'inbox.count': (input, ctx) => inbox.count(actorId(ctx), input),
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
