/**
 * Twilio through the official SDK: SMS, WhatsApp (`whatsapp:` addresses; an approved ContentSid
 * outside the 24 h window), and voice (a call whose TwiML says the script twice). Errors are
 * classified here (providers.md §1.6); the engine decides what to do with them.
 */
import type twilio from 'twilio';
import type SdkRequestClient from 'twilio/lib/base/RequestClient';
import { twilioSdk } from './lazy-sdks';
import type { Channel } from '../../shared/domain';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider, type SentAttempt, type StatusAnswer } from './provider-types';

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
  retryAfterMs?: number;
}

/** Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The SDK's HTTP client, except that a 429 is raised with its Retry-After (the SDK's own
 * RestException drops the headers, and its auto-retry ignores them). Built on first use, since
 * its base class lives in the SDK, which loads lazily (lazy-sdks.ts).
 */
type RequestClientClass = typeof twilio.RequestClient;
let retryAfterAwareClient: RequestClientClass | null = null;

function retryAfterAwareClientClass(): RequestClientClass {
  retryAfterAwareClient ??= class RetryAfterAwareClient extends twilioSdk().RequestClient {
    override async request<TData>(opts: SdkRequestClient.RequestOptions<TData>): Promise<{ statusCode: number; body: TData; headers: unknown }> {
      const response = await super.request<TData>(opts);
      if (response.statusCode === 429) {
        const headers = (response.headers ?? {}) as Record<string, unknown>;
        const raw = (typeof response.body === 'string' ? safeJson(response.body) : response.body) as { code?: number; message?: string } | null;
        const error: TwilioLikeError = {
          status: 429,
          code: raw?.code ?? 20429,
          message: raw?.message ?? 'Too Many Requests',
          retryAfterMs: parseRetryAfter(headers['retry-after']),
        };
        throw Object.assign(new Error(error.message), error);
      }
      return response;
    }
  };
  return retryAfterAwareClient;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
    // 429 is never processed (providers.md 1.6): safe to retry, after Retry-After when given.
    if (e.status === 429) return new ProviderError('transient', codeText, message, e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {});
    // A 5xx may come after Twilio stored the message: reconcile before sending again.
    if (e.status >= 500) return new ProviderError('transient', codeText, message, { ambiguous: true });
    // Wrong credentials or a suspended account: retrying cannot help.
    if (e.status === 401 || e.status === 403) return new ProviderError('auth', codeText, message);
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
  direction?: string | null;
  messagingServiceSid?: string | null;
  dateCreated?: Date | string | null;
  errorCode?: number | null;
  errorMessage?: string | null;
}

function accepted(m: MessageInstanceLike, sender: string | null): Accepted {
  return {
    providerId: m.sid,
    providerStatus: m.status,
    sender: m.from ?? sender,
    // A Messaging Service send answers "0" segments until a sender is chosen: not a count.
    segments: num(m.numSegments) || null,
    price: num(m.price),
    priceUnit: m.priceUnit ?? null,
    finalState: null,
  };
}

/** Prefixes Twilio puts in front of a stored body (trial accounts: captured in aloha/laravel-twilio#107). */
export const KNOWN_BODY_PREFIXES = ['Sent from your Twilio trial account - '];

/** A body as compared in reconciliation: known provider prefixes removed, whitespace collapsed. */
export function normaliseBody(body: string): string {
  let text = body.trim();
  for (const prefix of KNOWN_BODY_PREFIXES) if (text.startsWith(prefix)) text = text.slice(prefix.length);
  return text.replace(/\s+/g, ' ').trim();
}

const bareNumber = (address: string | null | undefined) => (address ?? '').replace(/^whatsapp:/, '');

/** The From a channel uses (with the `whatsapp:` prefix for WhatsApp): the sender that is paced. */
export function twilioSenderFor(config: Pick<TwilioConfig, 'smsFrom' | 'whatsappFrom' | 'voiceFrom'>, channel: Channel): string {
  if (channel === 'whatsapp') return `whatsapp:${config.whatsappFrom || config.smsFrom}`;
  if (channel === 'voice') return config.voiceFrom || config.smsFrom;
  return config.smsFrom;
}

export function createTwilioProvider(config: TwilioConfig): Provider {
  const RetryAfterAwareClient = retryAfterAwareClientClass();
  const client = twilioSdk()(config.accountSid, config.authToken, {
    timeout: config.timeoutMs ?? 30_000,
    autoRetry: false,
    httpClient: new RetryAfterAwareClient({ timeout: config.timeoutMs ?? 30_000, autoRetry: false }),
  });
  if (config.apiBaseUrl) client.api.baseUrl = config.apiBaseUrl;
  const skew = config.reconcileSkewMs ?? 5 * 60_000;

  const fromFor = (channel: Channel): string => twilioSenderFor(config, channel);
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
   * DESIGN §4, README "Reconciliation": the messages (or calls) to that address, newest first and
   * without a DateSent filter (date_sent stays empty until Twilio sends, so a queued message would
   * be missed), kept when outbound, from our sender, created since the attempt began (minus clock
   * skew), not owned already, and with the body equal after normalising (trial prefix,
   * whitespace). The oldest such record is the attempt's. Calls: the StartTime-filtered list
   * first, then the unfiltered one (start_time is empty until a call is dialled).
   */
  async function findAccepted(attempt: SentAttempt, excludeIds: ReadonlySet<string>): Promise<Accepted | null> {
    const to = toFor(attempt.channel, attempt.to);
    const since = attempt.startedAt - skew;
    const sender = attempt.sender ? bareNumber(attempt.sender) : null;
    const created = (v: Date | string | null | undefined) => toMillis(v ?? null);
    const oldest = <T extends { dateCreated?: Date | string | null }>(items: T[]) => [...items].sort((a, b) => created(a.dateCreated) - created(b.dateCreated))[0];
    try {
      if (attempt.channel === 'voice') {
        const dayStart = new Date(since);
        dayStart.setUTCHours(0, 0, 0, 0);
        const dialled = await client.calls.list({ to, startTimeAfter: dayStart, limit: 200 });
        const all = await client.calls.list({ to, limit: 200 });
        const seen = new Set<string>();
        const calls = [...dialled, ...all].filter((c) => (seen.has(c.sid) ? false : (seen.add(c.sid), true)));
        const hit = oldest(
          calls.filter(
            (c) => !excludeIds.has(c.sid) && c.direction?.startsWith('outbound') !== false && created(c.dateCreated) >= since && (!sender || bareNumber(c.from) === sender),
          ),
        );
        return hit ? { providerId: hit.sid, providerStatus: hit.status, sender: hit.from ?? null, segments: null, price: num(hit.price), priceUnit: hit.priceUnit ?? null, finalState: null } : null;
      }
      const wanted = attempt.body === null ? null : normaliseBody(attempt.body);
      const messages = await client.messages.list({ to, limit: 200 });
      const hit = oldest(
        messages.filter((m) => {
          if (excludeIds.has(m.sid) || !String(m.direction ?? 'outbound').startsWith('outbound')) return false;
          if (created(m.dateCreated) < since) return false;
          // A Messaging Service send may have no From until a sender is chosen.
          if (sender && m.from && bareNumber(m.from) !== sender && !(config.messagingServiceSid && m.messagingServiceSid === config.messagingServiceSid)) return false;
          // A content template's stored body is Twilio's rendering of it: address, sender and time decide.
          if (attempt.contentSid || wanted === null) return true;
          return normaliseBody(m.body ?? '') === wanted;
        }),
      );
      return hit ? accepted(hit, fromFor(attempt.channel)) : null;
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
