/**
 * Inbound messages (sandbox replies now; Twilio/IMAP pollers through Engine.receiveInbound):
 * recorded in the household's conversation (threads follow the address, messages the patient),
 * unread raised, the WhatsApp 24-hour window opened. Actors (the keyword handler: STOP, START,
 * HELP, confirmations) act in the SAME transaction, so a crash can never leave a stored STOP
 * that was not acted on: either both commit or neither does and the next poll reads it again.
 * What an actor must do after commit (notifications) it returns; plain hooks run after commit.
 */
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import { inTransaction, type AppDb } from '../db/database';
import { ensureAddressConversation, recordConversationMessage } from '../repos/conversations-repo';
import { householdConversationId } from '../repos/households-repo';
import { findInboundByProviderId, insertMessage, lastOutboundPatientForAddress, patientsWithAddress, setWhatsappWindow } from './engine-repo';
import type { InboundActor, InboundHandler, InboundMessage, ReceiveInboundInput } from './engine-types';
import { contactKind } from './rules';

export const WHATSAPP_WINDOW_MS = 24 * 60 * 60_000;

export function createInbound(deps: { db: AppDb; clock: Clock; logger: Logger; onCreated: (m: InboundMessage) => void }) {
  const handlers = new Set<InboundHandler>();
  const actors = new Set<InboundActor>();

  function receive(input: ReceiveInboundInput): InboundMessage | null {
    const { db } = deps;
    const at = input.receivedAt ?? deps.clock.now();
    const address = input.address.replace(/^whatsapp:/, '');
    const after: Array<() => void> = [];
    const result = inTransaction(db, (): InboundMessage | null => {
      if (input.providerMessageId && findInboundByProviderId(db, input.providerMessageId)) return null;
      const patientIds = patientsWithAddress(db, contactKind(input.channel), address);
      let patientId: number | null = null;
      if (patientIds.length === 1) patientId = patientIds[0] ?? null;
      else if (patientIds.length > 1) {
        const last = lastOutboundPatientForAddress(db, address);
        patientId = last !== null && patientIds.includes(last) ? last : (patientIds[0] ?? null);
      }
      const conversationId =
        patientId !== null ? householdConversationId(db, patientId, at, { open: true }) : ensureAddressConversation(db, address, at).id;
      const messageId = insertMessage(db, {
        conversationId,
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
      recordConversationMessage(db, conversationId, { direction: 'inbound', body: input.body, at });
      if (input.channel === 'whatsapp') setWhatsappWindow(db, conversationId, at + WHATSAPP_WINDOW_MS);
      const message: InboundMessage = {
        messageId,
        conversationId,
        patientId,
        patientIds,
        channel: input.channel,
        address,
        body: input.body,
        receivedAt: at,
        providerMessageId: input.providerMessageId ?? null,
      };
      // An actor that throws rolls the message back with it (nothing half-done is stored).
      for (const actor of actors) {
        const then = actor(message);
        if (then) after.push(then);
      }
      return message;
    });
    if (!result) return null;
    deps.onCreated(result);
    for (const then of after) {
      try {
        then();
      } catch (error) {
        deps.logger.error('engine: inbound follow-up failed', { messageId: result.messageId, error });
      }
    }
    for (const handler of handlers) {
      Promise.resolve()
        .then(() => handler(result))
        .catch((error: unknown) => deps.logger.error('engine: inbound handler failed', { messageId: result.messageId, error }));
    }
    return result;
  }

  return {
    receive,
    actOnInbound(actor: InboundActor): () => void {
      actors.add(actor);
      return () => actors.delete(actor);
    },
    onInbound(handler: InboundHandler): () => void {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
