/**
 * Twilio through the official SDK: SMS, WhatsApp (`whatsapp:` addresses; an approved ContentSid
 * outside the 24 h window), and voice (a call whose TwiML says the script twice). Errors are
 * classified here (providers.md §1.6); the engine decides what to do with them.
 */
import twilio from 'twilio';
import type { Channel } from '../../shared/domain';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider, type StatusAnswer } from './provider-types';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  smsFrom: string;
  messagingServiceSid?: string;
  whatsappFrom?: string;
  voiceFrom?: string;
  /** A local fake's base URL (tests, benchmarks); never set in production. */
  apiBaseUrl?: string;
  timeoutMs?: number;
  /** Tolerated clock difference between us and Twilio when matching after a crash. */
  reconcileSkewMs?: number;
}

/** Codes that mean "this address cannot get this message": no retry, fall back. */
export const TWILIO_PERMANENT = new Set([21211, 21614, 21610, 21612, 21408, 21617, 21602, 63016, 63024, 63003, 30004, 30005, 30006, 30007, 30034, 21606, 21660]);
/** Asynchronous failures that are worth a retry. */
export const TWILIO_TRANSIENT = new Set([30003, 30001, 30008, 21611, 63018, 14107, 20429]);

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const AMBIGUOUS = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ESOCKETTIMEDOUT']);

interface TwilioLikeError {
  status?: number;
  code?: number | string;
  message?: string;
  isAxiosError?: boolean;
}

/** Maps an SDK or transport error to a ProviderError. */
export function classifyTwilioError(error: unknown): ProviderError {
  const e = (error ?? {}) as TwilioLikeError;
  const message = e.message ?? String(error);
  if (typeof e.code === 'string') {
    if (UNREACHABLE.has(e.code)) return new ProviderError('network', e.code, message);
    if (AMBIGUOUS.has(e.code) || /socket hang up|timeout/i.test(message)) {
      return new ProviderError('network', e.code, message, { ambiguous: true });
    }
  }
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : null;
    const codeText = code === null ? String(e.status) : String(code);
    if (e.status === 429) return new ProviderError('transient', codeText, message);
    // A 5xx may come after Twilio stored the message: reconcile before sending again.
    if (e.status >= 500) return new ProviderError('transient', codeText, message, { ambiguous: true });
    if (e.status === 401 || e.status === 403) return new ProviderError('transient', codeText, message);
    if (code !== null && TWILIO_TRANSIENT.has(code)) return new ProviderError('transient', codeText, message);
    return new ProviderError('permanent', codeText, message);
  }
  if (e.isAxiosError) return new ProviderError('network', typeof e.code === 'string' ? e.code : null, message, { ambiguous: true });
  return new ProviderError('transient', null, message);
}

const num = (v: string | number | null | undefined): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export function mapMessageStatus(status: string): StatusAnswer['state'] {
  switch (status) {
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return 'sent';
  }
}

export function mapCallStatus(status: string): StatusAnswer['state'] {
  switch (status) {
    case 'completed':
      return 'delivered';
    case 'busy':
    case 'no-answer':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return 'sent';
  }
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** The voice reminder: the script said twice, with a pause between. */
export function voiceTwiml(script: string): string {
  const say = `<Say>${escapeXml(script)}</Say>`;
  return `<Response>${say}<Pause length="1"/>${say}</Response>`;
}

interface MessageInstanceLike {
  sid: string;
  status: string;
  body?: string | null;
  numSegments?: string | null;
  price?: string | null;
  priceUnit?: string | null;
  from?: string | null;
  dateCreated?: Date | string | null;
  errorCode?: number | null;
  errorMessage?: string | null;
}

function accepted(m: MessageInstanceLike, sender: string | null): Accepted {
  return {
    providerId: m.sid,
    providerStatus: m.status,
    sender: m.from ?? sender,
    segments: num(m.numSegments),
    price: num(m.price),
    priceUnit: m.priceUnit ?? null,
    finalState: null,
  };
}

export function createTwilioProvider(config: TwilioConfig): Provider {
  const client = twilio(config.accountSid, config.authToken, {
    timeout: config.timeoutMs ?? 30_000,
    autoRetry: false,
  });
  if (config.apiBaseUrl) client.api.baseUrl = config.apiBaseUrl;
  const skew = config.reconcileSkewMs ?? 5 * 60_000;

  const fromFor = (channel: Channel): string => {
    if (channel === 'whatsapp') return `whatsapp:${config.whatsappFrom || config.smsFrom}`;
    if (channel === 'voice') return config.voiceFrom || config.smsFrom;
    return config.smsFrom;
  };
  const toFor = (channel: Channel, to: string) => (channel === 'whatsapp' ? `whatsapp:${to}` : to);

  async function send(message: OutgoingMessage): Promise<Accepted> {
    const from = fromFor(message.channel);
    try {
      if (message.channel === 'voice') {
        const call = await client.calls.create({ to: message.to, from, twiml: voiceTwiml(message.body) });
        return { providerId: call.sid, providerStatus: call.status, sender: from, segments: null, price: num(call.price), priceUnit: call.priceUnit ?? null, finalState: null };
      }
      const base =
        message.channel === 'sms' && config.messagingServiceSid
          ? { to: toFor(message.channel, message.to), messagingServiceSid: config.messagingServiceSid }
          : { to: toFor(message.channel, message.to), from };
      const params = message.whatsappContent
        ? { ...base, contentSid: message.whatsappContent.contentSid, contentVariables: JSON.stringify(message.whatsappContent.variables) }
        : { ...base, body: message.body };
      const created = await client.messages.create(params);
      return accepted(created, from);
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  async function fetchStatus(providerId: string, channel: Channel): Promise<StatusAnswer> {
    try {
      if (channel === 'voice') {
        const call = await client.calls(providerId).fetch();
        const state = mapCallStatus(call.status);
        return { providerStatus: call.status, state, errorCode: null, errorText: null, price: num(call.price), priceUnit: call.priceUnit ?? null, segments: null };
      }
      const m = await client.messages(providerId).fetch();
      return {
        providerStatus: m.status,
        state: mapMessageStatus(m.status),
        errorCode: m.errorCode === null || m.errorCode === undefined ? null : String(m.errorCode),
        errorText: m.errorMessage ?? null,
        price: num(m.price),
        priceUnit: m.priceUnit ?? null,
        segments: num(m.numSegments),
      };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  /**
   * DESIGN §4: list the messages sent to that number since the attempt began (DateSent at day
   * granularity, then date_created >= start − skew) and match the body. A message still queued
   * at Twilio may have no date_sent yet, so the newest page without the date filter is checked too.
   */
  async function findAccepted(message: OutgoingMessage, attemptStartedAt: number, excludeIds: ReadonlySet<string>): Promise<Accepted | null> {
    const to = toFor(message.channel, message.to);
    const since = attemptStartedAt - skew;
    const dayStart = new Date(attemptStartedAt - skew);
    dayStart.setUTCHours(0, 0, 0, 0);
    try {
      if (message.channel === 'voice') {
        const calls = await client.calls.list({ to, startTimeAfter: dayStart, limit: 200 });
        const hit = calls.find((c) => !excludeIds.has(c.sid) && toMillis(c.dateCreated) >= since);
        return hit ? { providerId: hit.sid, providerStatus: hit.status, sender: hit.from ?? null, segments: null, price: num(hit.price), priceUnit: hit.priceUnit ?? null, finalState: null } : null;
      }
      const matches = (m: MessageInstanceLike) =>
        !excludeIds.has(m.sid) &&
        toMillis(m.dateCreated ?? null) >= since &&
        (message.whatsappContent ? true : (m.body ?? '') === message.body);
      const byDate = await client.messages.list({ to, dateSentAfter: dayStart, limit: 1000 });
      const hit = byDate.find(matches) ?? (await client.messages.list({ to, limit: 200 })).find(matches);
      return hit ? accepted(hit, fromFor(message.channel)) : null;
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  async function probe(): Promise<void> {
    try {
      await client.messages.list({ limit: 1 });
    } catch (error) {
      const classified = classifyTwilioError(error);
      // Any HTTP answer below 500 means Twilio is reachable again.
      const e = error as TwilioLikeError;
      if (classified.kind === 'network' || (typeof e.status === 'number' && e.status >= 500)) throw classified;
    }
  }

  return {
    name: 'twilio',
    send,
    fetchStatus,
    findAccepted,
    probe,
    senderFor: (channel) => fromFor(channel),
    close: () => Promise.resolve(),
  };
}

function toMillis(value: Date | string | null | undefined): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? 0 : t;
  }
  return 0;
}
