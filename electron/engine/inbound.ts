/**
 * Inbound messages (sandbox replies now; Twilio/IMAP pollers through Engine.receiveInbound):
 * recorded in the right conversation (threads follow the address, messages the patient), unread
 * raised, the WhatsApp 24-hour window opened, and then handed to the registered hooks (the
 * scheduler's keyword handling: STOP/START/HELP, confirmations).
 */
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { inTransaction, type AppDb } from '../db/database';
import { ensureAddressConversation, ensurePatientConversation, recordConversationMessage } from '../repos/conversations-repo';
import { findInboundByProviderId, insertMessage, lastOutboundPatientForAddress, patientsWithAddress, setWhatsappWindow } from './engine-repo';
import type { InboundHandler, InboundMessage, ReceiveInboundInput } from './engine-types';
import { contactKind } from './rules';

export const WHATSAPP_WINDOW_MS = 24 * 60 * 60_000;

export function createInbound(deps: { db: AppDb; clock: Clock; logger: Logger; onCreated: (m: InboundMessage) => void }) {
  const handlers = new Set<InboundHandler>();

  function receive(input: ReceiveInboundInput): InboundMessage | null {
    const { db } = deps;
    const at = input.receivedAt ?? deps.clock.now();
    const address = input.address.replace(/^whatsapp:/, '');
    const result = inTransaction(db, (): InboundMessage | null => {
      if (input.providerMessageId && findInboundByProviderId(db, input.providerMessageId)) return null;
      const patientIds = patientsWithAddress(db, contactKind(input.channel), address);
      let patientId: number | null = null;
      if (patientIds.length === 1) patientId = patientIds[0] ?? null;
      else if (patientIds.length > 1) {
        const last = lastOutboundPatientForAddress(db, address);
        patientId = last !== null && patientIds.includes(last) ? last : (patientIds[0] ?? null);
      }
      const conversation = patientId !== null ? ensurePatientConversation(db, patientId, at) : ensureAddressConversation(db, address, at);
      const messageId = insertMessage(db, {
        conversationId: conversation.id,
        patientId,
        direction: 'inbound',
        channel: input.channel,
        address,
        body: input.body,
        subject: input.subject ?? null,
        html: null,
        origin: 'patient',
        staffId: null,
        reminderRuleId: null,
        appointmentId: null,
        broadcastId: null,
        templateVersionId: null,
        purpose: 'transactional',
        emergency: false,
        dedupeKey: null,
        providerMessageId: input.providerMessageId ?? null,
        renderContext: null,
        createdAt: at,
      });
      recordConversationMessage(db, conversation.id, { direction: 'inbound', body: input.body, at });
      if (input.channel === 'whatsapp') setWhatsappWindow(db, conversation.id, at + WHATSAPP_WINDOW_MS);
      return {
        messageId,
        conversationId: conversation.id,
        patientId,
        patientIds,
        channel: input.channel,
        address,
        body: input.body,
        receivedAt: at,
        providerMessageId: input.providerMessageId ?? null,
      };
    });
    if (!result) return null;
    deps.onCreated(result);
    for (const handler of handlers) {
      Promise.resolve()
        .then(() => handler(result))
        .catch((error: unknown) => deps.logger.error('engine: inbound handler failed', { messageId: result.messageId, error }));
    }
    return result;
  }

  return {
    receive,
    onInbound(handler: InboundHandler): () => void {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
