/**
 * A local SMTP server (the `smtp-server` package) on 127.0.0.1 that records every accepted message,
 * for engine tests and benchmarks. Plain TCP (STARTTLS disabled), AUTH optional, DSN advertised
 * (`hideDSN: false`), and TCP_NODELAY on the server's sockets so loopback timings measure the
 * code, not Nagle + delayed ACK (performance.md).
 *
 * Scripting: `reject(address, 'hard' | 'soft')` answers RCPT with 550 5.1.1 / 450 4.2.1;
 * `dropNext(n, at)` destroys connections on connect, at DATA (nothing accepted) or right after a
 * message was accepted (the client never hears 250); `stop()` / `start()` take the listener down
 * and up on the same port (relay failover); `latencyMs` delays the DATA answer.
 * With `logFile`, every accepted message is appended as a JSON line (before the 250 is sent).
 */
import { appendFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { headerValue, parseEntity, type MailHeader, type MimePart } from './mime';
import { CancellableDelays, listenOnLoopback } from '../loopback';

export interface ReceivedMail {
  seq: number;
  /** ISO time of acceptance by the peer's clock. */
  time: string;
  mailFrom: string | null;
  rcptTo: string[];
  /** DSN parameters from MAIL FROM (RET, ENVID) and per recipient (NOTIFY, ORCPT), as smtp-server reports them. */
  dsn: { envelope: unknown; recipients: Record<string, unknown> };
  /** The AUTH user, when the client authenticated. */
  user: string | null;
  raw: string;
  headers: MailHeader[];
  parts: MimePart[];
  subject: string | undefined;
  messageId: string | undefined;
  /** The first text/plain part that is not an attachment. */
  text: string | undefined;
  /** The first text/html part that is not an attachment. */
  html: string | undefined;
  attachments: MimePart[];
  /** Value of `markerHeader`, when configured and present. */
  marker: string | null;
  /** First value of a header (case-insensitive), decoded. */
  header(name: string): string | undefined;
  /** All values of a header, in order. */
  headerAll(name: string): string[];
}

export type DropPoint = 'connect' | 'data' | 'after-accept';

export interface SmtpPeerOptions {
  port?: number;
  /** Append every accepted message as a JSON line to this file. */
  logFile?: string;
  /** Include the raw source in the JSON-lines log (default false: envelope, headers, marker only). */
  logRaw?: boolean;
  /** Header whose value is recorded as `marker` (e.g. 'X-Frontdesk-Delivery' or 'Message-ID'). */
  markerHeader?: string;
  /** When set, AUTH must use these credentials (535 otherwise); AUTH stays optional. */
  credentials?: { user: string; pass: string };
  latencyMs?: number;
  now?: () => Date;
  /** Keep accepted messages in memory (default true; benchmarks may turn it off). */
  keep?: boolean;
}

interface SmtpError extends Error {
  responseCode: number;
}

function smtpError(code: number, message: string): SmtpError {
  const err = new Error(message) as SmtpError;
  err.responseCode = code;
  return err;
}

export class SmtpPeer {
  readonly received: ReceivedMail[] = [];
  /** Count of accepted messages (also when `keep` is false). */
  acceptedCount = 0;
  /** Recipients refused at RCPT, in order, with the code sent. */
  readonly refused: Array<{ address: string; code: number }> = [];
  /** Connections accepted (useful to check pooling). */
  connectionCount = 0;
  /** Connection-level errors the server reported (client resets, scripted drops). */
  readonly errors: Error[] = [];

  private readonly smtp: SMTPServer;
  private readonly sockets = new Map<number, Socket>();
  private readonly rejections = new Map<string, 'hard' | 'soft'>();
  private readonly delays = new CancellableDelays();
  private readonly drops: Record<DropPoint, number> = { connect: 0, data: 0, 'after-accept': 0 };
  private latencyMs: number;
  private listeningPort = 0;
  private running = false;
  private closed = false;
  private seq = 0;

  private constructor(private readonly options: SmtpPeerOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      hideDSN: false,
      logger: false,
      size: 25 * 1024 * 1024,
      onAuth: (auth, _session, callback) => {
        const expected = this.options.credentials;
        if (expected && (auth.username !== expected.user || auth.password !== expected.pass)) {
          callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
          return;
        }
        callback(null, { user: auth.username });
      },
      onRcptTo: (address, _session, callback) => {
        const kind = this.rejections.get(address.address.toLowerCase());
        if (kind === 'hard') {
          this.refused.push({ address: address.address, code: 550 });
          callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
          return;
        }
        if (kind === 'soft') {
          this.refused.push({ address: address.address, code: 450 });
          callback(smtpError(450, `4.2.1 <${address.address}>: Mailbox temporarily unavailable`));
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    // Client resets and our own scripted drops surface here; kept for tests to inspect.
    this.smtp.on('error', (err: Error) => {
      this.errors.push(err);
    });
    this.smtp.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.connectionCount += 1;
      if (this.drops.connect > 0) {
        this.drops.connect -= 1;
        socket.destroy();
        return;
      }
      const port = socket.remotePort ?? -1;
      this.sockets.set(port, socket);
      socket.on('close', () => {
        if (this.sockets.get(port) === socket) this.sockets.delete(port);
      });
    });
  }

  static async start(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
    const peer = new SmtpPeer(options);
    await peer.listen(options.port ?? 0);
    return peer;
  }

  get port(): number {
    return this.listeningPort;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Refuse this recipient at RCPT TO: `hard` = 550 5.1.1, `soft` = 450 4.2.1. */
  reject(address: string, kind: 'hard' | 'soft' = 'hard'): void {
    this.rejections.set(address.toLowerCase(), kind);
  }

  accept(address: string): void {
    this.rejections.delete(address.toLowerCase());
  }

  /** Destroy the next `count` connections at the given point. */
  dropNext(count: number, at: DropPoint = 'data'): void {
    this.drops[at] += count;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Messages to one recipient (case-insensitive). */
  to(address: string): ReceivedMail[] {
    const lower = address.toLowerCase();
    return this.received.filter((m) => m.rcptTo.some((r) => r.toLowerCase() === lower));
  }

  /** Take the server down: the listener closes (ECONNREFUSED) and open connections are destroyed. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const closed = new Promise<void>((resolve) => this.smtp.server.close(() => resolve()));
    for (const socket of this.sockets.values()) socket.destroy();
    await closed;
  }

  /** Bring the server back on the same port. */
  async start(): Promise<void> {
    if (this.running || this.closed) return;
    await this.listen(this.listeningPort);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.delays.cancelAll();
    await this.stop();
    this.closed = true;
  }

  private async listen(port: number): Promise<void> {
    this.listeningPort = await listenOnLoopback(this.smtp.server, port);
    this.running = true;
  }

  private delay(ms: number): Promise<void> {
    return this.delays.wait(ms);
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (err: Error) => callback(err));
    stream.on('end', () => {
      void this.finishData(Buffer.concat(chunks).toString('utf8'), session, stream.sizeExceeded).then(callback, (err: unknown) =>
        callback(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }

  private async finishData(raw: string, session: SMTPServerSession, sizeExceeded: boolean): Promise<Error | null> {
    if (sizeExceeded) return smtpError(552, '5.3.4 Message exceeds fixed maximum message size');
    await this.delay(this.latencyMs);
    const socket = this.sockets.get(session.remotePort);
    if (this.drops.data > 0) {
      this.drops.data -= 1;
      socket?.destroy();
      return smtpError(421, '4.4.2 Connection dropped');
    }
    this.record(raw, session);
    if (this.drops['after-accept'] > 0) {
      this.drops['after-accept'] -= 1;
      socket?.destroy();
    }
    return null;
  }

  private record(raw: string, session: SMTPServerSession): void {
    const entity = parseEntity(raw);
    const headers = entity.headers;
    const isAttachment = (p: MimePart): boolean => p.disposition === 'attachment' || (p.filename !== null && p.disposition !== 'inline');
    const bodyParts = entity.parts.filter((p) => !isAttachment(p));
    const envelope = session.envelope as unknown as {
      mailFrom: { address: string } | false;
      rcptTo: Array<{ address: string; dsn?: unknown }>;
      dsn?: unknown;
    };
    const marker = this.options.markerHeader ? (headerValue(headers, this.options.markerHeader) ?? null) : null;
    const mail: ReceivedMail = {
      seq: ++this.seq,
      time: (this.options.now?.() ?? new Date()).toISOString(),
      mailFrom: envelope.mailFrom ? envelope.mailFrom.address : null,
      rcptTo: envelope.rcptTo.map((r) => r.address),
      dsn: { envelope: envelope.dsn ?? null, recipients: Object.fromEntries(envelope.rcptTo.map((r) => [r.address, r.dsn ?? null])) },
      user: typeof session.user === 'string' ? session.user : null,
      raw,
      headers,
      parts: entity.parts,
      subject: headerValue(headers, 'Subject'),
      messageId: headerValue(headers, 'Message-ID'),
      text: bodyParts.find((p) => p.contentType === 'text/plain')?.text,
      html: bodyParts.find((p) => p.contentType === 'text/html')?.text,
      attachments: entity.parts.filter(isAttachment),
      marker,
      header: (name) => headerValue(headers, name),
      headerAll: (name) => headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value),
    };
    this.acceptedCount += 1;
    if (this.options.keep !== false) this.received.push(mail);
    if (this.options.logFile) {
      const line: Record<string, unknown> = {
        seq: mail.seq,
        time: mail.time,
        mailFrom: mail.mailFrom,
        rcptTo: mail.rcptTo,
        messageId: mail.messageId ?? null,
        subject: mail.subject ?? null,
        marker,
        headers: headers.map((h) => [h.name, h.value]),
      };
      if (this.options.logRaw) line.raw = raw;
      appendFileSync(this.options.logFile, JSON.stringify(line) + '\n');
    }
  }
}

export interface LoggedMail {
  seq: number;
  time: string;
  mailFrom: string | null;
  rcptTo: string[];
  messageId: string | null;
  subject: string | null;
  marker: string | null;
  headers: Array<[string, string]>;
  raw?: string;
}

/** Read a JSON-lines log written by an SMTP peer (possibly in another process). */
export function parseMailLog(text: string): LoggedMail[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LoggedMail);
}
