/**
 * The fake's Calls resource: stored calls, their status progression (queued → ringing →
 * in-progress → completed, or busy / no-answer / failed) and the JSON Twilio returns.
 */
import type { Progression } from './message-store';
import { listPage } from './list-page';
import { answer, newSid, notFound, twilioDate, wholeSeconds, type Answer } from './wire-format';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export type CallOutcome = 'completed' | 'busy' | 'no-answer' | 'failed';

const PATHS: Record<CallOutcome, CallStatus[]> = {
  completed: ['queued', 'ringing', 'in-progress', 'completed'],
  busy: ['queued', 'ringing', 'busy'],
  'no-answer': ['queued', 'ringing', 'no-answer'],
  failed: ['queued', 'failed'],
};

export interface StoredCall {
  sid: string;
  to: string;
  from: string;
  path: CallStatus[];
  stage: number;
  createdAt: Date;
  updatedAt: Date;
  startTime: Date | null;
  endTime: Date | null;
  twiml: string | null;
  url: string | null;
  seq: number;
}

export class CallStore {
  private readonly bySid = new Map<string, StoredCall>();
  private seq = 0;

  constructor(
    private readonly accountSid: string,
    private readonly clock: () => Date,
    private readonly progression: () => Progression,
    /** Calls stay out of the list this long after creation (fetch by sid still works). */
    private readonly listLagMs: () => number = () => 0,
  ) {}

  create(call: { to: string; from: string; outcome: CallOutcome; twiml: string | null; url: string | null }): StoredCall {
    const now = wholeSeconds(this.clock());
    const stored: StoredCall = {
      sid: newSid('CA'),
      to: call.to,
      from: call.from,
      path: PATHS[call.outcome],
      stage: 0,
      createdAt: now,
      updatedAt: now,
      startTime: null,
      endTime: null,
      // providers.md section 7: "If both `twiml` and `url` are provided then `twiml` parameter will be ignored".
      twiml: call.url ? null : call.twiml,
      url: call.url,
      seq: ++this.seq,
    };
    this.bySid.set(stored.sid, stored);
    return stored;
  }

  get(sid: string): StoredCall | undefined {
    return this.bySid.get(sid);
  }

  advanceAll(steps: number): void {
    for (const c of this.bySid.values()) this.setStage(c, c.stage + steps);
  }

  fetch(sid: string, path: string): Answer {
    const c = this.bySid.get(sid);
    if (!c) return notFound(path);
    this.refresh(c);
    if (this.progression().mode === 'per-fetch') this.setStage(c, c.stage + 1);
    return answer(200, this.toJson(c));
  }

  refresh(c: StoredCall): void {
    const progression = this.progression();
    if (progression.mode !== 'timed') return;
    const { stepMs } = progression;
    const age = this.clock().getTime() - c.createdAt.getTime();
    const target = stepMs <= 0 ? c.path.length - 1 : Math.floor(age / stepMs);
    if (target > c.stage) this.setStage(c, target);
  }

  setStage(c: StoredCall, stage: number): void {
    const target = Math.min(stage, c.path.length - 1);
    if (target <= c.stage) return;
    const now = wholeSeconds(this.clock());
    c.stage = target;
    c.updatedAt = now;
    const status = c.path[target];
    if (status === 'in-progress' || (status === 'completed' && !c.startTime)) c.startTime = now;
    if (target === c.path.length - 1) c.endTime = now;
  }

  /**
   * GET Calls.json (providers.md 1.4a, spec ListCall): To, From, StartTime, StartTime>, StartTime<
   * (date or date-time), newest first, paged like Messages. A call not yet dialled has no
   * start_time, so any StartTime filter leaves it out.
   */
  list(url: URL): Answer {
    const lag = this.listLagMs();
    const now = this.clock().getTime();
    for (const c of this.bySid.values()) this.refresh(c);
    return listPage({
      url,
      items: this.bySid.values(),
      dateKey: 'StartTime',
      dateOf: (c) => c.startTime,
      hidden: (c) => lag > 0 && c.createdAt.getTime() + lag > now,
      base: `/2010-04-01/Accounts/${this.accountSid}/Calls.json`,
      key: 'calls',
      toJson: (c) => this.toJson(c),
      pageTokens: false,
    });
  }

  toJson(c: StoredCall): Record<string, unknown> {
    const status = c.path[c.stage] ?? 'queued';
    const completed = status === 'completed';
    const duration = completed && c.startTime && c.endTime ? Math.max(1, Math.round((c.endTime.getTime() - c.startTime.getTime()) / 1000)) : null;
    return {
      account_sid: this.accountSid,
      annotation: null,
      answered_by: null,
      api_version: '2010-04-01',
      caller_name: null,
      date_created: twilioDate(c.createdAt),
      date_updated: twilioDate(c.updatedAt),
      direction: 'outbound-api',
      duration: duration === null ? null : String(duration),
      end_time: c.endTime && c.stage === c.path.length - 1 ? twilioDate(c.endTime) : null,
      forwarded_from: null,
      from: c.from,
      from_formatted: c.from,
      group_sid: null,
      parent_call_sid: null,
      phone_number_sid: 'PN' + '0'.repeat(32),
      price: completed ? '-0.01300' : null,
      price_unit: 'USD',
      queue_time: '0',
      sid: c.sid,
      start_time: c.startTime ? twilioDate(c.startTime) : null,
      status,
      subresource_uris: {
        notifications: `/2010-04-01/Accounts/${this.accountSid}/Calls/${c.sid}/Notifications.json`,
        recordings: `/2010-04-01/Accounts/${this.accountSid}/Calls/${c.sid}/Recordings.json`,
      },
      to: c.to,
      to_formatted: c.to,
      trunk_sid: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${c.sid}.json`,
    };
  }
}
