/**
 * The fake's Messages resource: stored messages, their status progression, the JSON Twilio
 * returns, and listing with filters and paging (providers.md sections 1.2 to 1.4).
 */
import { listPage } from './list-page';
import { answer, asyncErrorMessage, errorBody, notFound, twilioDate, wholeSeconds, type Answer } from './wire-format';

export type MessageStatus = 'accepted' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received' | 'canceled';
export type Progression = { mode: 'timed'; stepMs: number } | { mode: 'manual' } | { mode: 'per-fetch' };

export const DAY_MS = 86_400_000;
const PRICE_PER_SEGMENT = 0.0075;

export interface StoredMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  direction: 'outbound-api' | 'inbound';
  path: MessageStatus[];
  stage: number;
  errorCode: number | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  segments: number;
  numMedia: number;
  seq: number;
}

export class MessageStore {
  private readonly items: StoredMessage[] = [];
  private readonly bySid = new Map<string, StoredMessage>();
  private seq = 0;

  constructor(
    private readonly accountSid: string,
    private readonly clock: () => Date,
    private readonly progression: () => Progression,
    /** Outbound messages stay out of the list this long after creation (fetch by sid still works). */
    private readonly listLagMs: () => number = () => 0,
  ) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  get(sid: string): StoredMessage | undefined {
    return this.bySid.get(sid);
  }

  /** Manual progression: move every unfinished outbound message `steps` steps on. */
  advanceAll(steps: number): void {
    for (const m of this.items) this.setStage(m, m.stage + steps);
  }

  /** Whether this address sent us something in the last 24 h (the WhatsApp window). */
  inboundWithinDay(from: string): boolean {
    const cutoff = this.clock().getTime() - DAY_MS;
    return this.items.some((m) => m.direction === 'inbound' && m.from === from && m.createdAt.getTime() >= cutoff);
  }

  add(m: StoredMessage): void {
    this.items.push(m);
    this.bySid.set(m.sid, m);
  }

  fetch(sid: string, path: string): Answer {
    const m = this.bySid.get(sid);
    if (!m) return notFound(path);
    this.refresh(m);
    if (this.progression().mode === 'per-fetch') this.setStage(m, m.stage + 1);
    return answer(200, this.toJson(m));
  }

  update(sid: string, form: URLSearchParams, path: string): Answer {
    const m = this.bySid.get(sid);
    if (!m) return notFound(path);
    this.refresh(m);
    const body = form.get('Body');
    if (body === '') m.body = '';
    if (form.get('Status') === 'canceled') {
      if (m.path[m.stage] !== 'queued') return answer(400, errorBody(30409, 400, 'Message cannot be canceled'));
      m.path = ['canceled'];
      m.stage = 0;
    }
    m.updatedAt = wholeSeconds(this.clock());
    return answer(200, this.toJson(m));
  }

  remove(sid: string, path: string): Answer {
    const m = this.bySid.get(sid);
    if (!m) return notFound(path);
    this.bySid.delete(sid);
    this.items.splice(this.items.indexOf(m), 1);
    return answer(204, null);
  }

  refresh(m: StoredMessage): void {
    if (m.direction === 'inbound') return;
    const progression = this.progression();
    if (progression.mode !== 'timed') return;
    const { stepMs } = progression;
    const age = this.clock().getTime() - m.createdAt.getTime();
    const target = stepMs <= 0 ? m.path.length - 1 : Math.floor(age / stepMs);
    if (target > m.stage) this.setStage(m, target, stepMs);
  }

  /** Move to `stage` (clamped); stamps date_sent at `sent` (timed: at its scheduled time). */
  setStage(m: StoredMessage, stage: number, stepMs?: number): void {
    const target = Math.min(stage, m.path.length - 1);
    if (target <= m.stage || m.direction === 'inbound') return;
    for (let s = m.stage + 1; s <= target; s += 1) {
      const at = stepMs !== undefined ? new Date(m.createdAt.getTime() + s * Math.max(stepMs, 0)) : wholeSeconds(this.clock());
      if (m.path[s] === 'sent') m.sentAt = wholeSeconds(at);
      m.updatedAt = wholeSeconds(at);
    }
    m.stage = target;
  }

  toJson(m: StoredMessage): Record<string, unknown> {
    const status = m.path[m.stage] ?? 'queued';
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`;
    // A Messaging Service send has no sender and "0" segments until Twilio picks a sender (providers.md 1.2).
    const unassigned = status === 'accepted';
    const priced = m.sentAt !== null;
    const showError = status === 'undelivered' || status === 'failed';
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: twilioDate(m.createdAt),
      date_sent: m.sentAt ? twilioDate(m.sentAt) : null,
      date_updated: twilioDate(m.updatedAt),
      direction: m.direction,
      error_code: showError ? m.errorCode : null,
      error_message: showError && m.errorCode !== null ? asyncErrorMessage(m.errorCode) : null,
      from: unassigned ? null : m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: String(m.numMedia),
      num_segments: unassigned ? '0' : String(m.segments),
      price: priced ? (-PRICE_PER_SEGMENT * m.segments).toFixed(5) : null,
      price_unit: 'USD',
      sid: m.sid,
      status,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri,
    };
  }

  list(url: URL): Answer {
    for (const m of this.items) this.refresh(m);
    const lag = this.listLagMs();
    const nowMs = this.clock().getTime();
    return listPage({
      url,
      items: this.items,
      dateKey: 'DateSent',
      dateOf: (m) => m.sentAt,
      // Only outbound messages lag: an inbound one is listed as soon as it arrives.
      hidden: (m) => lag > 0 && m.direction !== 'inbound' && m.createdAt.getTime() + lag > nowMs,
      base: `/2010-04-01/Accounts/${this.accountSid}/Messages.json`,
      key: 'messages',
      toJson: (m) => this.toJson(m),
      pageTokens: true,
    });
  }
}
