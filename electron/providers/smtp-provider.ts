/**
 * Email over SMTP through nodemailer: a pooled, rate-limited transport per relay with Nagle
 * disabled on every client socket (performance.md), `List-Unsubscribe` (+ one-click Post),
 * a Message-ID derived from the delivery id, a plain-text part, attachments from local files,
 * and failover to a second relay when the first cannot be reached.
 *
 * Crash semantics: SMTP has no way to ask "did you accept delivery 123?", so a delivery left in
 * `sending` after a crash is sent again: email is at-least-once. The stable Message-ID lets
 * receiving systems and the IMAP reader recognise the repeat.
 */
import net from 'node:net';
import type nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { nodemailerSdk } from './lazy-sdks';
import type { Clock } from '../foundation/clock';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider } from './provider-types';

export interface SmtpRelay {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string | null;
}

export interface SmtpConfig {
  primary: SmtpRelay;
  secondary?: SmtpRelay | null;
  fromAddress: string;
  fromName?: string;
  messagesPerSecond?: number;
  maxConnections?: number;
  messageIdDomain: string;
  /** How long the primary is skipped after it could not be reached. */
  primaryRetryAfterMs?: number;
  clock: Clock;
}

const NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EPROTOCOL']);

interface SmtpLikeError {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

/** 5xx on RCPT = hard bounce (suppress); other 5xx = permanent; 4xx = transient; no answer = network. */
export function classifySmtpError(error: unknown): ProviderError {
  const e = (error ?? {}) as SmtpLikeError;
  const message = e.response ?? e.message ?? String(error);
  if (typeof e.responseCode === 'number') {
    const code = String(e.responseCode);
    if (e.responseCode >= 500) {
      const hard = e.code === 'EENVELOPE' || /^RCPT/i.test(e.command ?? '');
      return new ProviderError('permanent', hard ? `smtp_hard_${code}` : `smtp_${code}`, message);
    }
    if (e.responseCode >= 400) return new ProviderError('transient', `smtp_${code}`, message);
  }
  if (e.code && NETWORK.has(e.code)) return new ProviderError('network', e.code, message, { ambiguous: e.code !== 'ECONNECTION' && e.code !== 'ECONNREFUSED' && e.code !== 'EDNS' });
  if (e.code === 'EAUTH') return new ProviderError('transient', 'EAUTH', message);
  return new ProviderError('transient', e.code ?? null, message);
}

export function messageIdFor(deliveryId: number, domain: string): string {
  return `<delivery-${deliveryId}@${domain}>`;
}

/** `List-Unsubscribe` as one comma-separated header (https first) + one-click Post when https. */
export function unsubscribeHeaders(unsub: OutgoingMessage['unsubscribe']): { list?: { unsubscribe: string[][] }; headers: Record<string, string> } {
  const targets = [unsub?.url, unsub?.mailto].filter((v): v is string => !!v);
  if (targets.length === 0) return { headers: {} };
  const headers: Record<string, string> = {};
  if (unsub?.url?.startsWith('https://')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return { list: { unsubscribe: [targets] }, headers };
}

function makeTransport(relay: SmtpRelay, config: SmtpConfig): Transporter {
  return nodemailerSdk().createTransport({
    pool: true,
    host: relay.host,
    port: relay.port,
    secure: relay.secure,
    maxConnections: config.maxConnections ?? 5,
    maxMessages: 100,
    rateDelta: 1000,
    rateLimit: config.messagesPerSecond && Number.isFinite(config.messagesPerSecond) ? Math.max(1, Math.floor(config.messagesPerSecond)) : 0,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ignoreTLS: !relay.secure && (relay.host === '127.0.0.1' || relay.host === 'localhost'),
    auth: relay.user ? { user: relay.user, pass: relay.password ?? '' } : undefined,
    // Our own socket so Nagle is off on it whatever nodemailer's version does (performance.md).
    getSocket: (_options: unknown, callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void) => {
      let done = false;
      const socket = net.connect({ host: relay.host, port: relay.port });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        if (done) return;
        done = true;
        callback(null, { connection: socket });
      });
      socket.once('error', (err) => {
        if (done) return;
        done = true;
        socket.destroy();
        callback(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'ECONNECTION' }));
      });
    },
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

export function createSmtpProvider(config: SmtpConfig): Provider & { relayUsedFor(deliveryId: number): string | undefined } {
  const primary = makeTransport(config.primary, config);
  const secondary = config.secondary ? makeTransport(config.secondary, config) : null;
  const retryAfter = config.primaryRetryAfterMs ?? 30_000;
  let primaryDownUntil = 0;
  const usedRelay = new Map<number, string>();
  const from = config.fromName ? { name: config.fromName, address: config.fromAddress } : config.fromAddress;

  async function sendVia(transport: Transporter, message: OutgoingMessage): Promise<string> {
    const unsub = unsubscribeHeaders(message.unsubscribe ?? null);
    const info = (await transport.sendMail({
      from,
      to: message.to,
      subject: message.subject ?? '',
      text: message.body,
      html: message.html ?? undefined,
      messageId: messageIdFor(message.deliveryId, config.messageIdDomain),
      list: unsub.list,
      headers: unsub.headers,
      attachments: (message.attachments ?? []).map((a) => ({ path: a.path, filename: a.filename })),
    })) as { messageId?: string; response?: string };
    return info.messageId ?? messageIdFor(message.deliveryId, config.messageIdDomain);
  }

  const relayName = (r: SmtpRelay) => `${r.host}:${r.port}`;

  async function send(message: OutgoingMessage): Promise<Accepted> {
    const accept = (id: string, relay: SmtpRelay): Accepted => {
      usedRelay.set(message.deliveryId, relayName(relay));
      return { providerId: id, providerStatus: 'accepted', sender: relayName(relay), segments: null, price: null, priceUnit: null, finalState: 'sent' };
    };
    let primaryError: ProviderError | null = null;
    if (!secondary || config.clock.now() >= primaryDownUntil) {
      try {
        return accept(await sendVia(primary, message), config.primary);
      } catch (error) {
        primaryError = classifySmtpError(error);
        if (primaryError.kind !== 'network' || !secondary) throw primaryError;
        primaryDownUntil = config.clock.now() + retryAfter;
      }
    }
    if (!secondary || !config.secondary) throw primaryError ?? new ProviderError('network', null, 'no relay');
    try {
      return accept(await sendVia(secondary, message), config.secondary);
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async function probe(): Promise<void> {
    const attempts = secondary ? [primary, secondary] : [primary];
    let last: unknown = null;
    for (const t of attempts) {
      try {
        await t.verify();
        if (t === primary) primaryDownUntil = 0;
        return;
      } catch (error) {
        last = error;
      }
    }
    throw classifySmtpError(last);
  }

  return {
    name: 'smtp',
    send,
    probe,
    senderFor: () => `smtp:${config.fromAddress}`,
    relayUsedFor: (id) => usedRelay.get(id),
    close: () => {
      primary.close();
      secondary?.close();
      return Promise.resolve();
    },
  };
}
