/**
 * The composer's look-ahead: what the sending rules would do with a message to this
 * conversation on this channel now (messages.check), re-read when consent, the patient or the
 * conversation changes. Nothing is queued.
 */
import type { Channel } from '../../../../shared/domain';
import type { CheckOutcome } from '../../../../shared/contract/compose';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { useQuery } from '../../ipc/useQuery';

export function useSendCheck(conversation: ConversationSummary, channel: Channel, enabled: boolean): CheckOutcome | undefined {
  const to =
    conversation.patientId !== null ? { patientId: conversation.patientId } : conversation.address ? { address: conversation.address, channel } : null;
  const query = useQuery('messages.check', to ? { to, channel } : { to: { patientId: 1 } }, {
    enabled: enabled && to !== null,
    refreshOn: ['patients.changed', 'conversation.updated'],
  });
  return enabled && to !== null ? query.value : undefined;
}
