/**
 * What the send call accepts, checked the same way before Send is enabled: a body, and no more
 * than the channel takes. Twilio caps SMS and WhatsApp bodies at 1,600 characters; the send
 * call (shared/contract/engine.ts) takes no more than that on any channel.
 */
import type { Channel } from './domain';
import { countSmsSegments } from './templates/sms-segments';

export const MESSAGE_BODY_MAX = 1600;

const CHANNEL_WORD: Record<Channel, string> = { sms: 'a text message', whatsapp: 'a WhatsApp message', email: 'a reply here', voice: 'a voice message' };

/** Why this body cannot be sent on this channel, in plain words; null when it can. */
export function bodyProblem(channel: Channel, body: string): string | null {
  if (body.trim() === '') return 'Write a message first';
  const length = Math.max(body.length, channel === 'sms' ? countSmsSegments(body).characters : 0);
  if (length > MESSAGE_BODY_MAX) {
    const over = length - MESSAGE_BODY_MAX;
    return `Too long for ${CHANNEL_WORD[channel]}: ${length.toLocaleString('en')} of ${MESSAGE_BODY_MAX.toLocaleString('en')} characters — shorten it by ${over.toLocaleString('en')}`;
  }
  return null;
}
