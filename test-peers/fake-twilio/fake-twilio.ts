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
import http from 'node:http';
import type { Socket } from 'node:net';
import { AcceptedLog, type AcceptedRecord } from './accepted-log';
import { authError } from './auth';
import { CallStore, type CallOutcome } from './call-store';
import { createCall } from './create-call';
import { addInbound, createMessage } from './create-message';
import { Faults, type FaultConfig } from './faults';
import { readBody, sendJson } from './http-io';
import { MessageStore, type Progression } from './message-store';
import { Scripts, type RecipientScript } from './scripts';
import { ServiceNumbers } from './service-numbers';
import { answer, errorBody, notFound, type Answer } from './wire-format';
import { CancellableDelays, listenOnLoopback } from '../loopback';

export { parseAcceptedLog, type AcceptedRecord } from './accepted-log';
export type { CallOutcome, CallStatus } from './call-store';
export { SERVICE_POOL_NUMBER, TRIAL_PREFIX } from './create-message';
export type { FaultConfig } from './faults';
export type { MessageStatus, Progression } from './message-store';
export type { RecipientScript } from './scripts';

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

export class FakeTwilio {
  readonly accountSid: string;
  private token: string;
  /** Every message and call the fake accepted, in order. */
  readonly accepted: AcceptedRecord[];
  /** Every API request with its outcome (unless recordRequests is false). */
  readonly requests: RequestRecord[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly delays = new CancellableDelays();
  private readonly messages: MessageStore;
  private readonly calls: CallStore;
  private readonly scripts = new Scripts();
  private readonly serviceNumbers: ServiceNumbers;
  private readonly log: AcceptedLog;
  private readonly clock: () => Date;
  private readonly faults: Faults;
  private progression: Progression;
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
    this.faults = new Faults(options.faults, options.seed ?? 1);
    this.log = new AcceptedLog(options);
    this.accepted = this.log.records;
    this.serviceNumbers = new ServiceNumbers(this.accountSid, this.clock);
    this.progression = options.progression ?? { mode: 'timed', stepMs: 0 };
    this.messages = new MessageStore(this.accountSid, this.clock, () => this.progression, () => this.listLag);
    this.calls = new CallStore(this.accountSid, this.clock, () => this.progression, () => this.listLag);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A bug in the fake itself: answer 500 with the reason rather than hanging the client.
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, errorBody(20500, 500, `fake-twilio internal error: ${String(err)}`));
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
    this.scripts.set(to, script);
  }

  clearScripts(): void {
    this.scripts.clear();
  }

  /** Script how calls to one number end (default `completed`). */
  scriptCall(to: string, outcome: CallOutcome): void {
    this.scripts.setCall(to, outcome);
  }

  setFaults(faults: Partial<FaultConfig>): void {
    this.faults.set(faults);
  }

  get currentFaults(): Readonly<FaultConfig> {
    return this.faults.current;
  }

  /** The next `count` API requests are answered 429 / 20429. */
  burst429(count: number): void {
    this.faults.burst429(count);
  }

  /** The next `count` API requests have their connection destroyed without an answer. */
  dropNext(count: number): void {
    this.faults.dropNext(count);
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
    this.serviceNumbers.add(serviceSid, numbers);
  }

  /** An inbound message (patient → clinic), visible in list with direction `inbound`. */
  injectInbound(message: { from: string; to: string; body: string; at?: Date }): string {
    return addInbound(this.messages, { ...message, at: message.at ?? this.clock() });
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

  // ---- HTTP ------------------------------------------------------------------------------

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

  /** Faults first (drop, 429, 5xx), then auth, the route, and the accept-then-fail faults. */
  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight += 1;
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const raw = await readBody(req);
    const overLimit = this.faults.current.maxConcurrent > 0 && this.inFlight > this.faults.current.maxConcurrent;
    await this.sleep(this.faults.latency());
    if (this.closed || res.destroyed) return;

    const verdict = this.faults.before(overLimit);
    if (verdict?.kind === 'drop') {
      this.record(req, 'dropped');
      req.socket.destroy();
      return;
    }
    if (verdict?.status === 429) {
      this.record(req, 429);
      sendJson(res, 429, errorBody(20429, 429, 'Too Many Requests'), this.retryAfterSeconds === null ? {} : { 'Retry-After': String(this.retryAfterSeconds) });
      return;
    }
    if (verdict) {
      this.record(req, verdict.status);
      sendJson(res, verdict.status, errorBody(20500, verdict.status, 'An internal server error has occurred'));
      return;
    }

    let reply: Answer;
    let afterAccept: 'drop' | 'error' | null = null;
    const denied = authError(req.headers.authorization, this.accountSid, this.token);
    if (denied) {
      reply = answer(denied.status, denied);
    } else {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      reply = this.route(req.method ?? 'GET', url, raw);
      if (req.method === 'POST' && reply.status === 201) afterAccept = this.faults.afterAccept();
    }
    if (afterAccept === 'drop') {
      this.record(req, 'dropped');
      req.socket.destroy();
      return;
    }
    if (afterAccept === 'error') {
      this.record(req, 500);
      sendJson(res, 500, errorBody(20500, 500, 'An internal server error has occurred'));
      return;
    }
    this.record(req, reply.status);
    sendJson(res, reply.status, reply.body);
  }

  private route(method: string, url: URL, raw: string): Answer {
    const service = /^\/v1\/Services\/(MG[0-9a-f]{32})\/PhoneNumbers$/.exec(url.pathname);
    if (service?.[1] && method === 'GET') return this.serviceNumbers.list(service[1], url);
    const prefix = `/2010-04-01/Accounts/${this.accountSid}/`;
    if (!url.pathname.startsWith(prefix)) {
      if (/^\/2010-04-01\/Accounts\/[^/]+\//.test(url.pathname)) return answer(401, errorBody(20003, 401, 'Authenticate'));
      return notFound(url.pathname);
    }
    const rest = url.pathname.slice(prefix.length);
    const form = new URLSearchParams(raw);
    if (rest === 'Messages.json') {
      if (method === 'POST') {
        return createMessage(form, { messages: this.messages, scripts: this.scripts, log: this.log, clock: this.clock, trial: this.trial, whatsappWindow: this.options.whatsappWindow ?? false });
      }
      if (method === 'GET') return this.messages.list(url);
    }
    const messageMatch = /^Messages\/(SM[0-9a-f]{32}|MM[0-9a-f]{32})\.json$/.exec(rest);
    if (messageMatch?.[1]) {
      const sid = messageMatch[1];
      if (method === 'GET') return this.messages.fetch(sid, url.pathname);
      if (method === 'POST') return this.messages.update(sid, form, url.pathname);
      if (method === 'DELETE') return this.messages.remove(sid, url.pathname);
    }
    if (rest === 'Calls.json' && method === 'POST') return createCall(form, { calls: this.calls, scripts: this.scripts, log: this.log, clock: this.clock });
    if (rest === 'Calls.json' && method === 'GET') return this.calls.list(url);
    const callMatch = /^Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest);
    if (callMatch?.[1] && method === 'GET') return this.calls.fetch(callMatch[1], url.pathname);
    return notFound(url.pathname);
  }
}
