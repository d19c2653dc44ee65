/**
 * Slows down password guessing at sign-in and unlock. After a few failures in a row, an account
 * must wait before its next attempt, and the wait doubles with every further failure; the whole
 * workstation (this core) has the same rule with a higher allowance, so trying many usernames
 * does not get round it. A success resets the count.
 *
 * Every attempt is written to the audit log (entity `sign_in`, the username as entity id), and
 * the counts are read back from there: they survive a restart of the app, and the audit log stays
 * the one record of who tried what.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../foundation/clock';
import { DomainError } from '../foundation/errors';
import type { AppDb } from '../db/database';
import { appendAudit, recentAuditActions } from '../repos/audit-repo';

export const SIGN_IN_ENTITY = 'sign_in';
export const FAILURE_ACTIONS = ['auth.signInFailed', 'auth.unlockFailed'] as const;
export const SUCCESS_ACTIONS = ['auth.setupAdmin', 'auth.signIn', 'auth.unlock'] as const;
/** An attempt refused without checking the password, because the wait was not over. */
export const THROTTLED_ACTION = 'auth.attemptThrottled';

export type FailureAction = (typeof FAILURE_ACTIONS)[number];
export type SuccessAction = (typeof SUCCESS_ACTIONS)[number];

export interface ThrottlePolicy {
  /** Failures in a row that cost nothing (typos happen). */
  freeFailures: number;
  /** The wait after the first failure beyond the free ones; doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };
export const WORKSTATION_POLICY: ThrottlePolicy = { freeFailures: 10, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };

/** Failures older than this no longer count (a month-old typo streak is forgotten). */
const MEMORY_MS = 24 * 3600_000;
const ROWS_READ = 200;

/** How long to wait after `failures` failures in a row. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures;
  // 2^doublings overflows nothing before the cap: the cap is reached long before 2^50.
  return Math.min(policy.baseDelayMs * 2 ** Math.min(doublings, 50), policy.maxDelayMs);
}

/** Failures since the latest success, newest first; `lastAt` is the newest failure. */
function streak(rows: Array<{ at: number; action: string }>): { failures: number; lastAt: number } {
  let failures = 0;
  let lastAt = 0;
  for (const row of rows) {
    if ((SUCCESS_ACTIONS as readonly string[]).includes(row.action)) break;
    if (failures === 0) lastAt = row.at;
    failures += 1;
  }
  return { failures, lastAt };
}

export interface ThrottleVerdict {
  scope: 'account' | 'workstation';
  retryAt: number;
}

export class SignInThrottle {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
    private readonly policies: { account: ThrottlePolicy; workstation: ThrottlePolicy } = { account: ACCOUNT_POLICY, workstation: WORKSTATION_POLICY },
  ) {}

  /** When the account (or the workstation) may try again, if that is still in the future. */
  verdict(account: string): ThrottleVerdict | null {
    const now = this.clock.now();
    const actions = [...FAILURE_ACTIONS, ...SUCCESS_ACTIONS];
    const since = now - MEMORY_MS;
    const mine = streak(recentAuditActions(this.db, { entityType: SIGN_IN_ENTITY, entityId: account, actions, since, limit: ROWS_READ }));
    const all = streak(recentAuditActions(this.db, { entityType: SIGN_IN_ENTITY, actions, since, limit: ROWS_READ }));
    const accountRetry = mine.lastAt + delayAfter(mine.failures, this.policies.account);
    const workstationRetry = all.lastAt + delayAfter(all.failures, this.policies.workstation);
    if (accountRetry <= now && workstationRetry <= now) return null;
    return accountRetry >= workstationRetry ? { scope: 'account', retryAt: accountRetry } : { scope: 'workstation', retryAt: workstationRetry };
  }

  /**
   * Refuses the attempt (audited, password not checked) while the account or the workstation
   * must still wait.
   */
  assertMayTry(account: string, staffId: number | null, kind: 'sign-in' | 'unlock'): void {
    const verdict = this.verdict(account);
    if (!verdict) return;
    appendAudit(this.db, {
      at: this.clock.now(),
      staffId,
      action: THROTTLED_ACTION,
      entityType: SIGN_IN_ENTITY,
      entityId: account,
      detail: { username: account, kind, scope: verdict.scope, retryAt: verdict.retryAt },
    });
    throw new DomainError('throttled', this.message(account, verdict, kind), undefined, verdict.retryAt);
  }

  failed(account: string, staffId: number | null, action: FailureAction): void {
    appendAudit(this.db, { at: this.clock.now(), staffId, action, entityType: SIGN_IN_ENTITY, entityId: account, detail: { username: account } });
  }

  succeeded(account: string, staffId: number, action: SuccessAction): void {
    appendAudit(this.db, { at: this.clock.now(), staffId, action, entityType: SIGN_IN_ENTITY, entityId: account });
  }

  private message(account: string, verdict: ThrottleVerdict, kind: 'sign-in' | 'unlock'): string {
    const what = kind === 'unlock' ? 'unlock attempts' : 'sign-in attempts';
    const who = verdict.scope === 'account' ? `for "${account}"` : 'on this workstation';
    return `Too many failed ${what} ${who}. Try again ${describeRetry(verdict.retryAt, this.clock.now(), this.timeZone())}.`;
  }
}

/** "at 10:42 AM (in 2 minutes)" in the clinic's time zone. */
export function describeRetry(retryAt: number, now: number, timeZone: string): string {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  const clock = DateTime.fromMillis(retryAt, { zone: timeZone }).toFormat(seconds < 60 ? 'h:mm:ss a' : 'h:mm a');
  return `at ${clock} (in ${wait})`;
}
