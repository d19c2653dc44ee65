/** Thin handlers for the delivery engine's calls (shared/contract/engine.ts). */
import type { Engine } from '../../engine';
import type { EngineInternals } from '../../engine/create-engine';
import { DomainError } from '../../foundation/errors';
import { roleAllows } from '../../../shared/ipc/define';
import { sandboxInbox } from '../../engine/engine-repo';
import { normaliseAddress } from '../../engine/queue-service';
import type { AppDb } from '../../db/database';
import type { ClinicSettings } from '../../../shared/domain';
import { actorId, type HandlerGroup } from '../handler-types';

export type EngineCallName =
  | 'messages.send'
  | 'engine.status'
  | 'deliveries.list'
  | 'providers.get'
  | 'providers.update'
  | 'providers.sendTest'
  | 'sandbox.inbox'
  | 'sandbox.replyAsPatient';

export function engineHandlers(db: AppDb, engine: Engine & EngineInternals, clinic: () => ClinicSettings): HandlerGroup<EngineCallName> {
  return {
    'messages.send': (input, ctx) => {
      if (input.emergency && (!ctx.staff || !roleAllows(ctx.staff.role, 'manager'))) {
        throw new DomainError('forbidden', 'Only a manager can send an emergency message');
      }
      return engine.queue({
        to: input.to,
        channel: input.channel,
        origin: 'staff',
        purpose: input.purpose ?? 'transactional',
        staffId: actorId(ctx),
        body: input.body,
        subject: input.subject,
        templateId: input.templateId,
        emergency: input.emergency,
      });
    },
    'engine.status': () => engine.status(),
    'deliveries.list': (input) => ({
      items: 'messageId' in input ? engine.deliveryStatus({ messageId: input.messageId }) : engine.deliveriesForConversation(input.conversationId, input.limit),
    }),
    'providers.get': () => engine.providerSettings.view(),
    'providers.update': (input) => engine.providerSettings.update(input),
    'providers.sendTest': (input, ctx) => {
      // Pressing Send test is the admin saying "try again": resume a provider paused for its credentials.
      engine.resumeProvider(input.channel === 'email' ? engine.providerSettings.get().emailProvider : engine.providerSettings.get().smsProvider);
      return engine.queue({
        to: { address: input.address, channel: input.channel },
        origin: 'system',
        purpose: 'transactional',
        staffId: actorId(ctx),
        body: `Test message from ${clinic().clinicName} (Frontdesk). No reply is needed.`,
        subject: `Frontdesk test message`,
        emergency: false,
      });
    },
    'sandbox.inbox': (input) => {
      const address = input.address ? normaliseAddress(input.address.includes('@') ? 'email' : 'sms', input.address, clinic().defaultCountry) : null;
      return {
        items: sandboxInbox(db, address, input.limit ?? 100).map((r) => ({
          deliveryId: r.delivery_id,
          messageId: r.message_id,
          conversationId: r.conversation_id,
          channel: r.channel,
          address: r.address,
          subject: r.subject,
          body: r.body,
          state: r.state,
          sentAt: r.sent_at,
        })),
      };
    },
    'sandbox.replyAsPatient': (input) => {
      const routes = engine.providerSettings.get();
      const provider = input.channel === 'email' ? routes.emailProvider : routes.smsProvider;
      if (provider !== 'sandbox') throw new DomainError('conflict', `The ${input.channel} channel uses ${provider}, not the sandbox`);
      const address = normaliseAddress(input.channel, input.address, clinic().defaultCountry);
      const m = engine.receiveInbound({ channel: input.channel, address, body: input.body });
      if (!m) throw new DomainError('conflict', 'That reply was already recorded');
      return { messageId: m.messageId, conversationId: m.conversationId };
    },
  };
}
