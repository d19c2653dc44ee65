/**
 * Sign-in and unlock throttling: after the free failures, each further failure doubles the wait
 * (per account and per workstation), attempts during the wait are refused without checking the
 * password and say when to retry, every attempt is in the audit log, a success resets the count,
 * and the counts survive a restart. Also: an old (N=2^14) hash is rehashed at sign-in.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { findStaffByUsername, updateStaff } from '../repos/staff-repo';
import { listAudit } from '../repos/audit-repo';
import { PASSWORD_PARAMS, PasswordHasher } from './passwords';
import { ACCOUNT_POLICY, WORKSTATION_POLICY, delayAfter, describeRetry } from './sign-in-throttle';

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' }, 'setup');
  await t.must('staff.create', { username: 'rita', displayName: 'Rita', role: 'receptionist', password: 'rita-password' }, 'setup');
  await t.must('auth.signOut', {}, 'setup');
});
afterEach(async () => {
  await t.dispose();
});

const signIn = (username: string, password: string, session = 'desk') => t.call('auth.signIn', { username, password }, session);
const audited = (action: string) => listAudit(t.core.db, { limit: 500 }).filter((e) => e.action === action);

describe('sign-in throttling', () => {
  it('grows the wait with each failure beyond the free ones, and audits each', async () => {
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      const failed = await signIn('rita', `wrong-${attempt}`);
      expect(failed).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      const refused = await signIn('rita', 'rita-password');
      if (refused.ok) {
        waits.push(0);
        // A success resets the streak; sign out and keep failing to measure the waits.
        await t.must('auth.signOut', {}, 'desk');
        for (let again = 0; again < attempt; again += 1) await signIn('rita', `again-${again}`);
        continue;
      }
      expect(refused.error.code).toBe('throttled');
      const retryAt = refused.error.retryAt ?? 0;
      waits.push(retryAt - t.clock.now());
      // Even the right password is refused until retryAt, without being checked.
      t.clock.set(retryAt - 1);
      expect(await signIn('rita', 'rita-password')).toMatchObject({ ok: false, error: { code: 'throttled' } });
      t.clock.set(retryAt);
    }
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    expect(waits.slice(2)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(audited('auth.signInFailed').filter((e) => e.entityId === 'rita').length).toBeGreaterThanOrEqual(7);
    expect(audited('auth.attemptThrottled').length).toBeGreaterThanOrEqual(10);
  });

  it('says when a locked-out account can try again, and the wait survives a restart', async () => {
    for (let i = 0; i < 3; i += 1) await signIn('rita', 'not-it-at-all');
    const refused = await signIn('rita', 'rita-password');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('throttled');
    // 15:00 UTC is 10:00 in the clinic's default time zone (America/New_York); 3 failures → 30 s.
    expect(refused.error.message).toBe('Too many failed sign-in attempts for "rita". Try again at 10:00:30 AM (in 30 seconds).');
    expect(refused.error.retryAt).toBe(t.clock.now() + 30_000);
    await t.restart();
    expect(await signIn('rita', 'rita-password')).toMatchObject({ ok: false, error: { code: 'throttled', retryAt: refused.error.retryAt } });
    t.clock.advance(30_000);
    expect((await signIn('rita', 'rita-password')).ok).toBe(true);
    // The success reset the count: a typo costs nothing again.
    await t.must('auth.signOut', {}, 'desk');
    expect(await signIn('rita', 'typo-typo')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await signIn('rita', 'rita-password')).ok).toBe(true);
  });

  it('throttles the workstation across usernames, unknown ones included', async () => {
    for (let i = 0; i < WORKSTATION_POLICY.freeFailures; i += 1) {
      expect(await signIn(`guess${i}`, 'password1')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    // Admin never failed, but the workstation as a whole must wait now.
    const refused = await signIn('admin', 'admin-password');
    expect(refused).toMatchObject({ ok: false, error: { code: 'throttled', retryAt: t.clock.now() + 30_000 } });
    if (!refused.ok) expect(refused.error.message).toContain('on this workstation');
    const failures = audited('auth.signInFailed');
    expect(failures.map((e) => e.entityId)).toContain('guess0');
    expect(failures.find((e) => e.entityId === 'guess0')?.staffId).toBeNull();
  });

  it('throttles unlock per account, and a wrong unlock is audited', async () => {
    await t.must('auth.signIn', { username: 'rita', password: 'rita-password' }, 'desk');
    t.clock.advance(11 * 60_000);
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i += 1) {
      expect(await t.call('auth.unlock', { password: 'wrong-wrong' }, 'desk')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    const refused = await t.call('auth.unlock', { password: 'rita-password' }, 'desk');
    expect(refused).toMatchObject({ ok: false, error: { code: 'throttled' } });
    if (!refused.ok) expect(refused.error.message).toContain('unlock attempts for "rita"');
    expect(audited('auth.unlockFailed')).toHaveLength(ACCOUNT_POLICY.freeFailures);
    t.clock.advance(30_000);
    await t.must('auth.unlock', { password: 'rita-password' }, 'desk');
  });

  it('delays never shrink as failures add up, and stay within the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.constantFrom(ACCOUNT_POLICY, WORKSTATION_POLICY), (failures, policy) => {
        const now = delayAfter(failures, policy);
        const next = delayAfter(failures + 1, policy);
        expect(next).toBeGreaterThanOrEqual(now);
        expect(next).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(now === 0).toBe(failures < policy.freeFailures);
      }),
    );
  });

  it('words the retry time in the clinic time zone', () => {
    const now = Date.UTC(2026, 0, 15, 15, 0, 0);
    expect(describeRetry(now + 5 * 60_000, now, 'America/New_York')).toBe('at 10:05 AM (in 5 minutes)');
    expect(describeRetry(now + 1_000, now, 'Europe/Paris')).toBe('at 4:00:01 PM (in 1 second)');
  });
});

describe('password rehash', () => {
  it('replaces an N=2^14 hash with an N=2^17 one at the next successful sign-in', async () => {
    const production = await createTestCore({ passwordParams: PASSWORD_PARAMS });
    try {
      await production.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' }, 'setup');
      const admin = findStaffByUsername(production.core.db, 'admin');
      if (!admin) throw new Error('admin missing');
      expect(admin.passwordHash.startsWith('scrypt$131072$8$1$')).toBe(true);
      // An account from before the upgrade.
      const oldHash = await new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 }).hash('old-password');
      updateStaff(production.core.db, admin.id, { passwordHash: oldHash });
      await production.must('auth.signOut', {}, 'setup');

      expect(await production.call('auth.signIn', { username: 'admin', password: 'wrong-password' }, 'desk')).toMatchObject({ ok: false });
      expect(findStaffByUsername(production.core.db, 'admin')?.passwordHash).toBe(oldHash); // not on a failure

      await production.must('auth.signIn', { username: 'admin', password: 'old-password' }, 'desk');
      const upgraded = findStaffByUsername(production.core.db, 'admin')?.passwordHash ?? '';
      expect(upgraded.startsWith('scrypt$131072$8$1$')).toBe(true);
      expect(await new PasswordHasher().verify('old-password', upgraded)).toBe(true);
      expect(listAudit(production.core.db, { limit: 20 }).map((e) => e.action)).toContain('auth.passwordRehashed');

      // The new hash works for the next sign-in and is not rewritten again.
      await production.must('auth.signOut', {}, 'desk');
      await production.must('auth.signIn', { username: 'admin', password: 'old-password' }, 'desk');
      expect(findStaffByUsername(production.core.db, 'admin')?.passwordHash).toBe(upgraded);
    } finally {
      await production.dispose();
    }
  });
});
