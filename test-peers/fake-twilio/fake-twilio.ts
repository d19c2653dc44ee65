/**
 * A local fake of the Twilio REST API (2010-04-01 Messages and Calls) on 127.0.0.1, for the real
 * `twilio` SDK pointed at it with `client.api.baseUrl = fake.baseUrl`. Wire shapes follow
 * /work/shared/reference/providers.md sections 1, 2 and 7.
 *
 * What it can be told to do (all synchronous setters, safe to call mid-test):
 * - per-recipient outcomes: a create-time error (21211, 21610, 63016, …) or a final status
 *   (`undelivered` 30003, `failed` …), optionally only for the next N sends (`script`);
 * - faults on every API request: a fraction of 5xx, queued 429 bursts, a concurrency limit that
 *   answers 429, added latency, dropped connections, accept-then-drop (the message is stored but the
 *   client never hears back), and a full outage (refused or reset connections) (`setFaults`,
 *   `burst429`, `dropNext`, `startOutage`/`endOutage`/`outageFor`);
 * - status progression of accepted messages and calls: `timed` (by the fake's clock, default: one
 *   step per `stepMs`, 0 = final on the first read after create), `manual` (`advanceStatuses()`), or
 *   `per-fetch` (each fetch of a resource moves it one step);
 * - inbound messages (`injectInbound`), listed with direction `inbound`;
 * - Messaging Services' phone numbers (`addServiceNumbers`), listed at
 *   `/v1/Services/{MG…}/PhoneNumbers` (messaging.twilio.com, for `client.messaging.baseUrl`).
 * - Twilio behaviours an engine must survive (README.md says where each is documented): list lag
 *   (`listLagMs`), trial-account body prefix (`trialAccount`), Messaging Service sends `accepted`
 *   with "0" segments and no From, the Calls list with empty start_time until dialled, 401 for a
 *   rotated token (`setAuthToken`), Retry-After on 429 (`retryAfterSeconds`).
 * Every accepted message/call is in `accepted` and, with `logFile`, appended as a JSON line before
 * the 201 is written, so another process (a crash test) can read exactly what was accepted.
 *
 * Known modelling choices (Twilio behaviour not verified): `date_sent` is null until the message
 * reaches `sent`, and DateSent filters skip messages without a date_sent; `DateSent<` with a bare
 * date includes that whole day; stored dates are truncated to whole seconds like Twilio's JSON.
 */
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { countSmsSegments } from '../../shared/templates/sms-segments';
import { CallStore, type CallOutcome } from './call-store';
import { MessageStore, type Progression, type StoredMessage } from './message-store';
import { answer, createErrorFor, E164, errorBody, newSid, notFound, splitAddress, wholeSeconds, type Answer, type TwilioErrorBody } from './wire-format';
import { CancellableDelays, listenOnLoopback } from '../loopback';

export type { CallOutcome, CallStatus } from './call-store';
export type { MessageStatus, Progression } from './message-store';

export interface RecipientScript {
  /** Answer the create with this error code (HTTP 400, legacy error body); nothing is accepted. */
  createError?: number;
  /** Final status of an accepted message (default `delivered`). */
  finalStatus?: 'delivered' | 'undelivered' | 'failed';
  /** error_code for undelivered/failed (default 30003 for undelivered, 30008 for failed). */
  errorCode?: number;
  /** Apply to the next N sends to this recipient only, then behave normally. Default: always. */
  times?: number;
}

export interface FaultConfig {
  /** Fraction (0..1) of API requests answered with a 5xx. */
  errorRate: number;
  /** HTTP status for those errors (default 500). */
  errorStatus: number;
  /** Added delay before every API answer. */
  latencyMs: number;
  /** Extra random delay in [0, latencyJitterMs). */
  latencyJitterMs: number;
  /** Fraction of API requests whose connection is destroyed without an answer (nothing accepted). */
  dropRate: number;
  /** Fraction of message/call creates that are ACCEPTED and logged, then the connection is destroyed. */
  acceptThenDropRate: number;
  /** Fraction of message/call creates that are ACCEPTED and logged, then answered with a 500. */
  acceptThenErrorRate: number;
  /** More concurrent API requests than this are answered 429 (0 = no limit). */
  maxConcurrent: number;
}

export interface AcceptedRecord {
  kind: 'message' | 'call';
  sid: string;
  to: string;
  from: string | null;
  body: string | null;
  contentSid: string | null;
  contentVariables: string | null;
  mediaUrl: string[];
  twiml: string | null;
  url: string | null;
  statusCallback: string | null;
  segments: number;
  /** First capture group of `markerPattern` in Body, ContentVariables, Twiml or StatusCallback. */
  marker: string | null;
  /** ISO time of acceptance by the fake's clock. */
  time: string;
}

export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  /** HTTP status sent, or 'dropped' / 'refused' (outage in destroy mode). */
  outcome: number | 'dropped';
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Fixed port (default: random). */
  port?: number;
  /** Append every accepted message/call as a JSON line to this file (synchronously, before answering). */
  logFile?: string;
  /** The fake's clock (default: wall clock). Used for dates, timed progression, the WhatsApp window. */
  now?: () => Date;
  progression?: Progression;
  faults?: Partial<FaultConfig>;
  /** Regex whose first capture group is recorded as `marker` (e.g. /\[ref:([\w-]+)\]/). */
  markerPattern?: RegExp;
  /** Enforce the WhatsApp 24 h window: free-form bodies to a recipient with no inbound in 24 h end `failed` 63016. */
  whatsappWindow?: boolean;
  /** Seed for the fault dice (default 1). */
  seed?: number;
  /** Keep a record of every request in `requests` (default true). */
  recordRequests?: boolean;
  /** Messages and calls are missing from the list this long after creation (twilio/twilio-node#647). */
  listLagMs?: number;
  /** Trial account: stored bodies start with "Sent from your Twilio trial account - ". */
  trialAccount?: boolean;
  /** Seconds sent as Retry-After on every 429 (default: no header, as Twilio mostly does). */
  retryAfterSeconds?: number;
  /**
   * Called synchronously once a message or call is stored and logged, before the 201 is written:
   * a crash test kills the client here ("after the POST, before the answer").
   */
  onAccepted?: (record: AcceptedRecord) => void;
}

export const TRIAL_PREFIX = 'Sent from your Twilio trial account - ';
/** The number a Messaging Service send is given from the service's sender pool. */
export const SERVICE_POOL_NUMBER = '+15005550006';

const DEFAULT_FAULTS: FaultConfig = {
  errorRate: 0,
  errorStatus: 500,
  latencyMs: 0,
  latencyJitterMs: 0,
  dropRate: 0,
  acceptThenDropRate: 0,
  acceptThenErrorRate: 0,
  maxConcurrent: 0,
};


/** mulberry32: a small seeded PRNG so fault patterns are reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


export class FakeTwilio {
  readonly accountSid: string;
  private token: string;
  /** Every message and call the fake accepted, in order. */
  readonly accepted: AcceptedRecord[] = [];
  /** Every API request with its outcome (unless recordRequests is false). */
  readonly requests: RequestRecord[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly delays = new CancellableDelays();
  private readonly messages: MessageStore;
  private readonly calls: CallStore;
  private readonly scripts = new Map<string, RecipientScript>();
  private readonly callScripts = new Map<string, CallOutcome>();
  private readonly serviceNumbers = new Map<string, string[]>();
  private readonly clock: () => Date;
  private readonly random: () => number;
  private faults: FaultConfig;
  private progression: Progression;
  private pending429 = 0;
  private pendingDrops = 0;
  private inFlight = 0;
  private outage: 'destroy' | 'refuse' | null = null;
  private listeningPort = 0;
  private closed = false;
  private listLag: number;
  private trial: boolean;
  private retryAfterSeconds: number | null;

  private constructor(private readonly options: FakeTwilioOptions) {
    this.accountSid = options.accountSid ?? 'AC' + 'f'.repeat(32);
    this.token = options.authToken ?? 'fake-auth-token';
    this.listLag = options.listLagMs ?? 0;
    this.trial = options.trialAccount ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.clock = options.now ?? (() => new Date());
    this.random = seededRandom(options.seed ?? 1);
    this.faults = { ...DEFAULT_FAULTS, ...options.faults };
    this.progression = options.progression ?? { mode: 'timed', stepMs: 0 };
    this.messages = new MessageStore(this.accountSid, this.clock, () => this.progression, () => this.listLag);
    this.calls = new CallStore(this.accountSid, this.clock, () => this.progression, () => this.listLag);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A bug in the fake itself: answer 500 with the reason rather than hanging the client.
        if (!res.headersSent && !res.destroyed) this.send(res, 500, errorBody(20500, 500, `fake-twilio internal error: ${String(err)}`));
      });
    });
    this.server.on('connection', (socket: Socket) => {
      if (this.outage === 'destroy') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
    const fake = new FakeTwilio(options);
    await fake.listen(options.port ?? 0);
    return fake;
  }

  get authToken(): string {
    return this.token;
  }

  /** The account's auth token was rotated: requests with the old one get 401 / 20003. */
  setAuthToken(token: string): void {
    this.token = token;
  }

  /** Messages and calls stay out of the list this long after creation (0 = listed at once). */
  setListLag(ms: number): void {
    this.listLag = ms;
  }

  /** Trial account mode: bodies are stored (and listed) with the trial prefix. */
  setTrialAccount(on: boolean): void {
    this.trial = on;
  }

  /** Retry-After seconds on 429 answers (null: no header). */
  setRetryAfter(seconds: number | null): void {
    this.retryAfterSeconds = seconds;
  }

  get port(): number {
    return this.listeningPort;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.listeningPort}`;
  }

  // ---- scripting -------------------------------------------------------------------------

  /** Script the outcome of sends to one recipient (matched on the exact To, then on the bare number). */
  script(to: string, script: RecipientScript): void {
    this.scripts.set(to, { ...script });
  }

  clearScripts(): void {
    this.scripts.clear();
    this.callScripts.clear();
  }

  /** Script how calls to one number end (default `completed`). */
  scriptCall(to: string, outcome: CallOutcome): void {
    this.callScripts.set(to, outcome);
  }

  setFaults(faults: Partial<FaultConfig>): void {
    this.faults = { ...this.faults, ...faults };
  }

  get currentFaults(): Readonly<FaultConfig> {
    return this.faults;
  }

  /** The next `count` API requests are answered 429 / 20429. */
  burst429(count: number): void {
    this.pending429 += count;
  }

  /** The next `count` API requests have their connection destroyed without an answer. */
  dropNext(count: number): void {
    this.pendingDrops += count;
  }

  setProgression(progression: Progression): void {
    this.progression = progression;
  }

  /**
   * Full outage. `refuse`: the listener closes (ECONNREFUSED) and open sockets are destroyed;
   * `destroy`: connections are accepted and reset at once (ECONNRESET).
   */
  async startOutage(mode: 'refuse' | 'destroy' = 'refuse'): Promise<void> {
    if (this.outage) return;
    this.outage = mode;
    for (const socket of this.sockets) socket.destroy();
    if (mode === 'refuse') await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async endOutage(): Promise<void> {
    const mode = this.outage;
    this.outage = null;
    if (mode === 'refuse' && !this.closed) await this.listen(this.listeningPort);
  }

  get inOutage(): boolean {
    return this.outage !== null;
  }

  /** Start an outage now and end it after `ms` (by the wall clock). Resolves when it has ended. */
  async outageFor(ms: number, mode: 'refuse' | 'destroy' = 'refuse'): Promise<void> {
    await this.startOutage(mode);
    await this.sleep(ms);
    await this.endOutage();
  }

  /** Manual progression: move every unfinished outbound message and call `steps` steps on. */
  advanceStatuses(steps = 1): void {
    this.messages.advanceAll(steps);
    this.calls.advanceAll(steps);
  }

  /** Phone numbers in a Messaging Service (MG…), as its PhoneNumbers list answers them. */
  addServiceNumbers(serviceSid: string, numbers: string[]): void {
    this.serviceNumbers.set(serviceSid, [...(this.serviceNumbers.get(serviceSid) ?? []), ...numbers]);
  }

  /** An inbound message (patient → clinic), visible in list with direction `inbound`. */
  injectInbound(message: { from: string; to: string; body: string; at?: Date }): string {
    const at = wholeSeconds(message.at ?? this.clock());
    const sid = newSid('SM');
    const stored: StoredMessage = {
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
      seq: this.messages.nextSeq(),
    };
    this.messages.add(stored);
    return sid;
  }

  /** Current API view of a message (as fetch would show it, without advancing per-fetch progression). */
  messageJson(sid: string): Record<string, unknown> | undefined {
    const m = this.messages.get(sid);
    if (!m) return undefined;
    this.messages.refresh(m);
    return this.messages.toJson(m) as Record<string, unknown>;
  }

  callJson(sid: string): Record<string, unknown> | undefined {
    const c = this.calls.get(sid);
    if (!c) return undefined;
    this.calls.refresh(c);
    return this.calls.toJson(c) as Record<string, unknown>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.delays.cancelAll();
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- HTTP plumbing -----------------------------------------------------------------------

  private async listen(port: number): Promise<void> {
    this.listeningPort = await listenOnLoopback(this.server, port);
  }

  private sleep(ms: number): Promise<void> {
    return this.delays.wait(ms);
  }

  private record(req: http.IncomingMessage, outcome: number | 'dropped'): void {
    if (this.options.recordRequests === false) return;
    this.requests.push({ time: this.clock().toISOString(), method: req.method ?? '', path: req.url ?? '', outcome });
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight += 1;
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const raw = await this.readBody(req);
    const overLimit = this.faults.maxConcurrent > 0 && this.inFlight > this.faults.maxConcurrent;
    const latency = this.faults.latencyMs + (this.faults.latencyJitterMs > 0 ? this.random() * this.faults.latencyJitterMs : 0);
    await this.sleep(latency);
    if (this.closed || res.destroyed) return;

    if (this.pendingDrops > 0 || (this.faults.dropRate > 0 && this.random() < this.faults.dropRate)) {
      if (this.pendingDrops > 0) this.pendingDrops -= 1;
      this.record(req, 'dropped');
      req.socket.destroy();
      return;
    }
    if (this.pending429 > 0 || overLimit) {
      if (this.pending429 > 0) this.pending429 -= 1;
      this.record(req, 429);
      this.send(res, 429, errorBody(20429, 429, 'Too Many Requests'), this.retryAfterSeconds === null ? {} : { 'Retry-After': String(this.retryAfterSeconds) });
      return;
    }
    if (this.faults.errorRate > 0 && this.random() < this.faults.errorRate) {
      const status = this.faults.errorStatus;
      this.record(req, status);
      this.send(res, status, errorBody(20500, status, 'An internal server error has occurred'));
      return;
    }

    let reply: Answer;
    let afterAccept: 'drop' | 'error' | null = null;
    const authError = this.checkAuth(req);
    if (authError) {
      reply = answer(authError.status, authError);
    } else {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      reply = this.route(req.method ?? 'GET', url, raw);
      if (req.method === 'POST' && reply.status === 201) {
        if (this.faults.acceptThenDropRate > 0 && this.random() < this.faults.acceptThenDropRate) afterAccept = 'drop';
        else if (this.faults.acceptThenErrorRate > 0 && this.random() < this.faults.acceptThenErrorRate) afterAccept = 'error';
      }
    }
    if (afterAccept === 'drop') {
      this.record(req, 'dropped');
      req.socket.destroy();
      return;
    }
    if (afterAccept === 'error') {
      this.record(req, 500);
      this.send(res, 500, errorBody(20500, 500, 'An internal server error has occurred'));
      return;
    }
    this.record(req, reply.status);
    this.send(res, reply.status, reply.body);
  }

  private checkAuth(req: http.IncomingMessage): TwilioErrorBody | null {
    const header = req.headers.authorization ?? '';
    const expected = 'Basic ' + Buffer.from(`${this.accountSid}:${this.token}`).toString('base64');
    if (header !== expected) return errorBody(20003, 401, 'Authenticate');
    return null;
  }

  private route(method: string, url: URL, raw: string): Answer {
    const service = /^\/v1\/Services\/(MG[0-9a-f]{32})\/PhoneNumbers$/.exec(url.pathname);
    if (service?.[1] && method === 'GET') return this.listServiceNumbers(service[1], url);
    const prefix = `/2010-04-01/Accounts/${this.accountSid}/`;
    if (!url.pathname.startsWith(prefix)) {
      if (/^\/2010-04-01\/Accounts\/[^/]+\//.test(url.pathname)) return answer(401, errorBody(20003, 401, 'Authenticate'));
      return notFound(url.pathname);
    }
    const rest = url.pathname.slice(prefix.length);
    const form = new URLSearchParams(raw);
    if (rest === 'Messages.json') {
      if (method === 'POST') return this.createMessage(form);
      if (method === 'GET') return this.messages.list(url);
    }
    const messageMatch = /^Messages\/(SM[0-9a-f]{32}|MM[0-9a-f]{32})\.json$/.exec(rest);
    if (messageMatch?.[1]) {
      const sid = messageMatch[1];
      if (method === 'GET') return this.messages.fetch(sid, url.pathname);
      if (method === 'POST') return this.messages.update(sid, form, url.pathname);
      if (method === 'DELETE') return this.messages.remove(sid, url.pathname);
    }
    if (rest === 'Calls.json' && method === 'POST') return this.createCall(form);
    if (rest === 'Calls.json' && method === 'GET') return this.calls.list(url);
    const callMatch = /^Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest);
    if (callMatch?.[1] && method === 'GET') return this.calls.fetch(callMatch[1], url.pathname);
    return notFound(url.pathname);
  }

  /** One page holding every number (the v1 list shape: `phone_numbers` plus `meta`). */
  private listServiceNumbers(serviceSid: string, url: URL): Answer {
    const numbers = this.serviceNumbers.get(serviceSid);
    if (!numbers) return notFound(url.pathname);
    const created = wholeSeconds(this.clock()).toISOString();
    return answer(200, {
      phone_numbers: numbers.map((n) => ({
        sid: newSid('PN'),
        account_sid: this.accountSid,
        service_sid: serviceSid,
        date_created: created,
        date_updated: created,
        phone_number: n,
        country_code: 'US',
        capabilities: ['SMS', 'MMS'],
        url: `https://messaging.twilio.com${url.pathname}`,
      })),
      meta: { page: 0, page_size: numbers.length, first_page_url: null, previous_page_url: null, next_page_url: null, url: url.href, key: 'phone_numbers' },
    });
  }

  private scriptFor(to: string): RecipientScript | undefined {
    const exact = this.scripts.get(to);
    if (exact) return exact;
    return this.scripts.get(splitAddress(to).number);
  }

  /** Returns the script for this send and consumes one use of a limited script. */
  private takeScript(to: string): RecipientScript | undefined {
    const key = this.scripts.has(to) ? to : splitAddress(to).number;
    const script = this.scripts.get(key);
    if (!script) return undefined;
    if (script.times !== undefined) {
      script.times -= 1;
      if (script.times <= 0) this.scripts.delete(key);
    }
    return script;
  }

  // ---- Messages ----------------------------------------------------------------------------

  private createMessage(form: URLSearchParams): Answer {
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
    const script = this.scriptFor(to);
    if (script?.createError !== undefined) {
      const taken = this.takeScript(to);
      return answer(400, createErrorFor(taken?.createError ?? script.createError, to, from ?? ''));
    }
    const taken = this.takeScript(to);
    let finalStatus: 'delivered' | 'undelivered' | 'failed' = taken?.finalStatus ?? 'delivered';
    let errorCode: number | null = null;
    if (finalStatus !== 'delivered') errorCode = taken?.errorCode ?? (finalStatus === 'undelivered' ? 30003 : 30008);
    if (this.options.whatsappWindow && toAddr.channel === 'whatsapp' && !contentSid && !this.messages.inboundWithinDay(to)) {
      finalStatus = 'failed';
      errorCode = 63016;
    }
    const now = wholeSeconds(this.clock());
    const text = body ? (this.trial ? TRIAL_PREFIX + body : body) : '';
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
      seq: this.messages.nextSeq(),
    };
    this.messages.add(stored);
    this.logAccepted({
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
      marker: this.markerOf([body, contentVariables, form.get('StatusCallback')]),
      time: this.clock().toISOString(),
    });
    return answer(201, this.messages.toJson(stored));
  }

  // ---- Calls -------------------------------------------------------------------------------

  private createCall(form: URLSearchParams): Answer {
    const to = form.get('To');
    const from = form.get('From');
    const twiml = form.get('Twiml');
    const url = form.get('Url');
    if (!to) return answer(400, errorBody(21201, 400, "No 'To' number is specified"));
    if (!from) return answer(400, errorBody(21213, 400, "No 'From' number is specified"));
    if (!twiml && !url && !form.get('ApplicationSid')) return answer(400, errorBody(21205, 400, 'Url parameter is required.'));
    if (!E164.test(to)) return answer(400, errorBody(21211, 400, `The 'To' number ${to} is not a valid phone number.`));
    const script = this.takeScript(to);
    if (script?.createError !== undefined) return answer(400, createErrorFor(script.createError, to, from));
    const outcome = this.callScripts.get(to) ?? 'completed';
    const call = this.calls.create({ to, from, outcome, twiml, url });
    this.logAccepted({
      kind: 'call',
      sid: call.sid,
      to,
      from,
      body: null,
      contentSid: null,
      contentVariables: null,
      mediaUrl: [],
      twiml,
      url,
      statusCallback: form.get('StatusCallback'),
      segments: 0,
      marker: this.markerOf([twiml, url, form.get('StatusCallback')]),
      time: this.clock().toISOString(),
    });
    return answer(201, this.calls.toJson(call));
  }

  // ---- the accepted log --------------------------------------------------------------------

  private markerOf(values: Array<string | null>): string | null {
    const pattern = this.options.markerPattern;
    if (!pattern) return null;
    for (const v of values) {
      if (!v) continue;
      const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(v);
      if (m) return m[1] ?? m[0];
    }
    return null;
  }

  private logAccepted(record: AcceptedRecord): void {
    this.accepted.push(record);
    if (this.options.logFile) appendFileSync(this.options.logFile, JSON.stringify(record) + '\n');
    this.options.onAccepted?.(record);
  }
}

/** Read a JSON-lines accepted log written by a fake in another process. */
export function parseAcceptedLog(text: string): AcceptedRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AcceptedRecord);
}
