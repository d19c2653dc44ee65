/**
 * Inbound SMS and WhatsApp by polling Twilio's Messages list (a desktop app gets no webhooks).
 * Idempotent job: lists messages sent to our numbers since the persisted cursor (minus an
 * overlap for late-listed messages), hands each inbound one to the engine's `receiveInbound`
 * (which ignores a sid it already has: messages.provider_message_id is unique), then moves the
 * cursor. The engine acts on keywords in the transaction that stores each message; a message
 * that could not be stored holds the cursor back so the next poll reads it again.
 *
 * Which numbers: every number that sends for the clinic — the SMS From number, the numbers of
 * the Messaging Service (listed through the SDK, refreshed every 10 minutes), and the number
 * WhatsApp actually sends from (its own, or the SMS number when none is set).
 */
import type twilio from 'twilio';
import { twilioSdk } from '../providers/lazy-sdks';
import type { AppDb } from '../db/database';
import type { Logger } from '../foundation/logger';
import type { InboundPort } from '../engine/messaging-port';
import { readJsonCursor, writeJobState } from '../repos/job-state-repo';

export interface TwilioInboundConfig {
  accountSid: string;
  authToken: string;
  /** Our numbers (E.164): SMS and WhatsApp senders; empty strings are skipped. */
  smsNumber: string;
  whatsappNumber: string;
  /** A Messaging Service (MG…): its phone numbers are read too. */
  messagingServiceSid?: string;
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

const SERVICE_NUMBERS_TTL_MS = 10 * 60_000;

export function createTwilioInboundPoller(deps: { db: AppDb; inbound: InboundPort; logger: Logger; config: () => TwilioInboundConfig | null }) {
  let client: ReturnType<typeof twilio> | null = null;
  let clientKey = '';
  let serviceNumbers: { sid: string; numbers: string[]; at: number } | null = null;
  const clientFor = (config: TwilioInboundConfig) => {
    const key = `${config.accountSid}|${config.authToken}|${config.apiBaseUrl ?? ''}`;
    if (!client || key !== clientKey) {
      client = twilioSdk()(config.accountSid, config.authToken, { autoRetry: true, maxRetries: 2, timeout: 30_000 });
      if (config.apiBaseUrl) {
        client.api.baseUrl = config.apiBaseUrl;
        client.messaging.baseUrl = config.apiBaseUrl;
      }
      clientKey = key;
      serviceNumbers = null;
    }
    return client;
  };

  /** The Messaging Service's numbers; the last good list is kept when listing fails. */
  async function numbersOfService(api: ReturnType<typeof twilio>, sid: string, now: number): Promise<string[]> {
    if (serviceNumbers && serviceNumbers.sid === sid && now - serviceNumbers.at < SERVICE_NUMBERS_TTL_MS) return serviceNumbers.numbers;
    try {
      const listed = await api.messaging.v1.services(sid).phoneNumbers.list({ pageSize: 1000 });
      serviceNumbers = { sid, numbers: listed.map((n) => n.phoneNumber).filter((n) => !!n), at: now };
    } catch (error) {
      deps.logger.warn('messaging service numbers could not be listed', { error });
      if (!serviceNumbers || serviceNumbers.sid !== sid) return [];
    }
    return serviceNumbers.numbers;
  }

  async function targetsFor(api: ReturnType<typeof twilio>, config: TwilioInboundConfig, now: number) {
    const sms = new Set<string>();
    if (config.smsNumber) sms.add(config.smsNumber);
    if (config.messagingServiceSid) for (const n of await numbersOfService(api, config.messagingServiceSid, now)) sms.add(n);
    const targets: Array<{ to: string; channel: 'sms' | 'whatsapp' }> = [...sms].map((to) => ({ to, channel: 'sms' as const }));
    // WhatsApp sends from its own number, or from the SMS number when none is set.
    const whatsapp = config.whatsappNumber || config.smsNumber;
    if (whatsapp) targets.push({ to: `whatsapp:${whatsapp}`, channel: 'whatsapp' });
    return targets;
  }

  return {
    async poll(now: number): Promise<TwilioPollResult> {
      const config = deps.config();
      const result: TwilioPollResult = { listed: 0, received: 0 };
      if (!config) return result;
      const api = clientFor(config);
      const cursor = readJsonCursor<Cursor>(deps.db, CURSOR, { after: now - FIRST_LOOKBACK_MS });
      let newest = cursor.after;
      // The cursor may not pass a message that could not be stored (it is read again next time).
      let holdBefore = Infinity;
      const targets = await targetsFor(api, config, now);
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
          try {
            const recorded = deps.inbound.receiveInbound({
              channel: target.channel,
              address,
              body: m.body ?? '',
              providerMessageId: m.sid,
              receivedAt: sentAt,
            });
            if (recorded) result.received += 1;
          } catch (error) {
            deps.logger.error('inbound message could not be stored; it is read again on the next poll', { sid: m.sid, error });
            holdBefore = Math.min(holdBefore, sentAt);
            continue;
          }
          if (sentAt > newest) newest = sentAt;
        }
      }
      const after = Math.min(newest, holdBefore - 1);
      writeJobState(deps.db, CURSOR, { cursor: JSON.stringify({ after: Math.max(after, cursor.after) } satisfies Cursor), lastRunAt: now }, now);
      if (result.received > 0) deps.logger.info('inbound messages received', { ...result });
      return result;
    },
  };
}
