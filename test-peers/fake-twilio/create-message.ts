/**
 * POST Messages.json: Twilio's validation errors, scripted create errors and final statuses, the
 * WhatsApp 24-hour window, the trial prefix, and a Messaging Service send that starts `accepted`
 * (providers.md 1.1 to 1.3). Also the inbound messages tests inject.
 */
import { countSmsSegments } from '../../shared/templates/sms-segments';
import type { AcceptedLog } from './accepted-log';
import type { MessageStore, StoredMessage } from './message-store';
import type { Scripts } from './scripts';
import { answer, createErrorFor, E164, errorBody, newSid, splitAddress, wholeSeconds, type Answer } from './wire-format';

export const TRIAL_PREFIX = 'Sent from your Twilio trial account - ';
/** The number a Messaging Service send is given from the service's sender pool. */
export const SERVICE_POOL_NUMBER = '+15005550006';

export interface MessageContext {
  messages: MessageStore;
  scripts: Scripts;
  log: AcceptedLog;
  clock: () => Date;
  trial: boolean;
  whatsappWindow: boolean;
}

export function createMessage(form: URLSearchParams, ctx: MessageContext): Answer {
  const to = form.get('To');
  const from = form.get('From');
  const serviceSid = form.get('MessagingServiceSid');
  const body = form.get('Body');
  const mediaUrl = form.getAll('MediaUrl');
  const contentSid = form.get('ContentSid');
  const contentVariables = form.get('ContentVariables');
  if (!to) return answer(400, errorBody(21604, 400, "A 'To' phone number is required."));
  if (!from && !serviceSid) {
    return answer(400, errorBody(21603, 400, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"));
  }
  if (!body && mediaUrl.length === 0 && !contentSid) return answer(400, errorBody(21602, 400, 'Message body is required.'));
  if (body && Array.from(body).length > 1600) {
    return answer(400, errorBody(21617, 400, 'The concatenated message body exceeds the 1600 character limit.'));
  }
  if (mediaUrl.length > 10) return answer(400, errorBody(21623, 400, 'Number of media files exceeds allowed limit.'));
  if (contentSid && !/^HX[0-9a-fA-F]{32}$/.test(contentSid)) return answer(400, errorBody(21655, 400, 'The ContentSid is Invalid.'));
  const toAddr = splitAddress(to);
  if (!E164.test(toAddr.number) || (from !== null && from === to)) {
    return answer(400, createErrorFor(21211, to, from ?? ''));
  }
  const script = ctx.scripts.peek(to);
  if (script?.createError !== undefined) {
    const taken = ctx.scripts.take(to);
    return answer(400, createErrorFor(taken?.createError ?? script.createError, to, from ?? ''));
  }
  const taken = ctx.scripts.take(to);
  let finalStatus: 'delivered' | 'undelivered' | 'failed' = taken?.finalStatus ?? 'delivered';
  let errorCode: number | null = null;
  if (finalStatus !== 'delivered') errorCode = taken?.errorCode ?? (finalStatus === 'undelivered' ? 30003 : 30008);
  if (ctx.whatsappWindow && toAddr.channel === 'whatsapp' && !contentSid && !ctx.messages.inboundWithinDay(to)) {
    finalStatus = 'failed';
    errorCode = 63016;
  }
  const now = wholeSeconds(ctx.clock());
  const text = body ? (ctx.trial ? TRIAL_PREFIX + body : body) : '';
  const segments = toAddr.channel === 'whatsapp' || text === '' ? 1 : countSmsSegments(text).segments;
  const stored: StoredMessage = {
    sid: newSid('SM'),
    to,
    // A Messaging Service picks a sender from its pool (shown once it is no longer `accepted`).
    from: from ?? (serviceSid ? SERVICE_POOL_NUMBER : null),
    messagingServiceSid: serviceSid,
    body: text,
    direction: 'outbound-api',
    // A Messaging Service send starts `accepted` (providers.md 1.3), then gets a sender and is queued.
    path: [...(serviceSid && !from ? (['accepted'] as const) : []), ...(finalStatus === 'failed' ? (['queued', 'failed'] as const) : (['queued', 'sent', finalStatus] as const))],
    stage: 0,
    errorCode,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    segments,
    numMedia: mediaUrl.length,
    seq: ctx.messages.nextSeq(),
  };
  ctx.messages.add(stored);
  ctx.log.add({
    kind: 'message',
    sid: stored.sid,
    to,
    from: from ?? null,
    body,
    contentSid,
    contentVariables,
    mediaUrl,
    twiml: null,
    url: null,
    statusCallback: form.get('StatusCallback'),
    segments,
    marker: ctx.log.markerOf([body, contentVariables, form.get('StatusCallback')]),
    time: ctx.clock().toISOString(),
  });
  return answer(201, ctx.messages.toJson(stored));
}

/** An inbound message (patient → clinic), listed with direction `inbound`; returns its sid. */
export function addInbound(messages: MessageStore, message: { from: string; to: string; body: string; at: Date }): string {
  const at = wholeSeconds(message.at);
  const sid = newSid('SM');
  messages.add({
    sid,
    to: message.to,
    from: message.from,
    messagingServiceSid: null,
    body: message.body,
    direction: 'inbound',
    path: ['received'],
    stage: 0,
    errorCode: null,
    createdAt: at,
    updatedAt: at,
    sentAt: at,
    segments: Math.max(1, countSmsSegments(message.body).segments),
    numMedia: 0,
    seq: messages.nextSeq(),
  });
  return sid;
}
