/** Stand-ins the inbox uses: actions while a dialog has the keyboard, and a draft conversation. */
import type { PatientSummary } from '../../../../shared/domain';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import type { InboxActions } from './useInboxHotkeys';

const noop = () => undefined;

/** While a dialog is open its own keys apply; the inbox's one-letter keys do nothing. */
export const IDLE_ACTIONS: InboxActions = {
  move: noop,
  open: noop,
  reply: noop,
  note: noop,
  resolve: noop,
  assignToMe: noop,
  snooze: noop,
  search: noop,
  toggleUnread: noop,
  phone: noop,
  compose: noop,
  details: noop,
  quickReply: noop,
};

/** A stand-in summary for a patient with no conversation yet (negative id: never a real one). */
export function draftConversation(p: PatientSummary): ConversationSummary {
  return {
    id: -p.id,
    patientId: p.id,
    householdId: null,
    members: [{ id: p.id, firstName: p.firstName, lastName: p.lastName }],
    title: `${p.firstName} ${p.lastName}`,
    address: p.primaryPhone ?? p.primaryEmail,
    status: 'open',
    assigneeStaffId: null,
    assigneeName: null,
    unreadCount: 0,
    snoozedUntil: null,
    flag: null,
    lastMessageAt: null,
    lastMessagePreview: null,
    channels: [],
    whatsappWindowEndsAt: null,
  };
}
