/**
 * Inbound SMS and WhatsApp by polling Twilio's Messages list (a desktop app gets no webhooks).
 * Idempotent job: lists messages sent to our numbers since the persisted cursor (minus an
 * overlap for late-listed messages), hands each inbound one to the engine's `receiveInbound`
 * (which ignores a sid it already has: messages.provider_message_id is unique), then moves the
 * cursor. The engine runs the keyword hook after each committed message.
 */
import twilio from 'twilio';
import type { AppDb } from '../db/database';
import type { Logger } from '../core/logger';
import type { InboundPort } from '../scheduler/messaging-port';
import { readJsonCursor, writeJobState } from '../scheduler/job-state-repo';

export interface TwilioInboundConfig {
  accountSid: string;
  authToken: string;
  /** Our numbers (E.164): SMS and WhatsApp senders; empty strings are skipped. */
  smsNumber: string;
  whatsappNumber: string;
  apiBaseUrl?: string;
}

export interface TwilioPollResult {
  listed: number;
  received: number;
}

const CURSOR = 'inbound.twilio';
/** Re-read this much before the cursor: Twilio lists by whole seconds and may list late. */
const OVERLAP_MS = 10 * 60_000;
/** On the very first run, look back this far. */
const FIRST_LOOKBACK_MS = 24 * 60 * 60_000;

interface Cursor {
  /** Newest dateSent seen, ms. */
  after: number;
}

export function createTwilioInboundPoller(deps: { db: AppDb; inbound: InboundPort; logger: Logger; config: () => TwilioInboundConfig | null }) {
  let client: ReturnType<typeof twilio> | null = null;
  let clientKey = '';
  const clientFor = (config: TwilioInboundConfig) => {
    const key = `${config.accountSid}|${config.authToken}|${config.apiBaseUrl ?? ''}`;
    if (!client || key !== clientKey) {
      client = twilio(config.accountSid, config.authToken, { autoRetry: true, maxRetries: 2, timeout: 30_000 });
      if (config.apiBaseUrl) client.api.baseUrl = config.apiBaseUrl;
      clientKey = key;
    }
    return client;
  };

  return {
    async poll(now: number): Promise<TwilioPollResult> {
      const config = deps.config();
      const result: TwilioPollResult = { listed: 0, received: 0 };
      if (!config) return result;
      const api = clientFor(config);
      const cursor = readJsonCursor<Cursor>(deps.db, CURSOR, { after: now - FIRST_LOOKBACK_MS });
      let newest = cursor.after;
      const targets: Array<{ to: string; channel: 'sms' | 'whatsapp' }> = [];
      if (config.smsNumber) targets.push({ to: config.smsNumber, channel: 'sms' });
      if (config.whatsappNumber) targets.push({ to: `whatsapp:${config.whatsappNumber}`, channel: 'whatsapp' });
      for (const target of targets) {
        const listed = await api.messages.list({ to: target.to, dateSentAfter: new Date(cursor.after - OVERLAP_MS), pageSize: 1000 });
        // Oldest first so conversations read in order (Twilio lists newest first; the reverse
        // keeps that order for messages within the same second).
        listed.reverse();
        listed.sort((a, b) => (a.dateSent?.getTime() ?? 0) - (b.dateSent?.getTime() ?? 0));
        for (const m of listed) {
          if (m.direction !== 'inbound' || !m.from) continue;
          result.listed += 1;
          const sentAt = m.dateSent instanceof Date ? m.dateSent.getTime() : now;
          const address = m.from.replace(/^whatsapp:/, '');
          const recorded = deps.inbound.receiveInbound({
            channel: target.channel,
            address,
            body: m.body ?? '',
            providerMessageId: m.sid,
            receivedAt: sentAt,
          });
          if (recorded) result.received += 1;
          if (sentAt > newest) newest = sentAt;
        }
      }
      writeJobState(deps.db, CURSOR, { cursor: JSON.stringify({ after: newest } satisfies Cursor), lastRunAt: now }, now);
      if (result.received > 0) deps.logger.info('inbound messages received', { ...result });
      return result;
    },
  };
}
