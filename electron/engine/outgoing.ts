/**
 * What goes to the provider for a delivery: the message's own content, or for a fallback channel
 * the content rendered for that channel; WhatsApp outside the 24 h window uses the approved template.
 */
import type { OutgoingMessage } from '../providers/provider-types';
import type { DispatchContext } from './dispatch-context';
import { conversationWindowEndsAt, getPatientFacts, type DeliveryRow, type MessageRow } from './engine-repo';
import type { RenderContext } from './queue-service';
import { renderContent } from './render';
import { zoneOr } from '../../shared/time-zone';

export function buildOutgoing(ctx: DispatchContext, row: DeliveryRow, message: MessageRow): OutgoingMessage | { localError: string } {
  const { deps, opts } = ctx;
  const rc = (message.render_context ? JSON.parse(message.render_context) : { explicitChannel: true }) as RenderContext;
  const unsub = row.channel === 'email' ? opts.unsubscribeFor(row.address) : null;
  let body = message.body;
  let subject = message.subject;
  let html = message.html;
  let whatsappContent = rc.whatsappContent ?? null;
  if (row.channel !== message.channel) {
    // A fallback channel renders its own content (template, or the typed text laid out for it).
    const clinic = deps.clinic();
    const patient = message.patient_id === null ? undefined : getPatientFacts(deps.db, message.patient_id);
    const r = renderContent(deps.db, {
      channel: row.channel,
      templateId: rc.templateId,
      templateVersionId: rc.templateVersionId ?? null,
      literalBody: rc.literalBody ?? message.body,
      literalSubject: rc.literalSubject ?? null,
      patient: patient ? { firstName: patient.first_name, lastName: patient.last_name, language: patient.language } : null,
      zone: zoneOr(patient?.time_zone, clinic.timeZone),
      appointmentId: message.appointment_id,
      variables: rc.variables,
      clinic,
      unsubscribeUrl: unsub?.url ?? null,
      now: deps.clock.now(),
    });
    body = r.body;
    subject = r.subject;
    html = r.html;
    whatsappContent = r.whatsappContent;
  }
  let useContent: OutgoingMessage['whatsappContent'] = null;
  if (row.channel === 'whatsapp' && row.provider === 'twilio') {
    const windowEnds = conversationWindowEndsAt(deps.db, message.conversation_id);
    const outside = windowEnds === null || windowEnds <= deps.clock.now() || row.error_code === '63016';
    if (outside) {
      if (!whatsappContent) return { localError: '63016' };
      useContent = whatsappContent;
    }
  }
  return {
    deliveryId: row.id,
    channel: row.channel,
    to: row.address,
    body,
    subject,
    html,
    whatsappContent: useContent,
    attachments: rc.attachments,
    unsubscribe: unsub && (unsub.url || unsub.mailto) ? unsub : null,
  };
}
