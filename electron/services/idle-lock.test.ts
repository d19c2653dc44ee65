/**
 * The idle lock holds: polling and event refetches do not count as activity, only the staff
 * member's own input (auth.activity) does; once locked, main refuses everything but unlock,
 * sign-out and the auth state, sign-in over the locked session included; patient events stop
 * until unlock; the same connection coming back (a reload) finds it still locked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import type { EventName } from '../../shared/contract';

const DESK = 'desk';
const minute = 60_000;
let t: TestCore;
let events: Array<{ name: EventName; payload: unknown }>;

beforeEach(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' }, 'setup');
  await t.must('staff.create', { username: 'rita', displayName: 'Rita', role: 'receptionist', password: 'rita-password' }, 'setup');
  await t.must('auth.signOut', {}, 'setup');
  await t.must('auth.signIn', { username: 'rita', password: 'rita-password' }, DESK);
  events = [];
  t.core.subscribe((name, payload) => events.push({ name, payload }));
});
afterEach(async () => {
  await t.dispose();
});

/** What the dashboard and the training phone do while nobody touches the screen. */
async function pollFor(ms: number, every = 5_000): Promise<Array<{ ok: boolean; code?: string }>> {
  const results: Array<{ ok: boolean; code?: string }> = [];
  for (let waited = 0; waited < ms; waited += every) {
    t.clock.advance(every);
    for (const result of [await t.call('dashboard.stats', { from: t.clock.now() - 7 * 86_400_000, to: t.clock.now(), bucket: 'day' }, DESK), await t.call('engine.status', {}, DESK), await t.call('inbox.unreadTotal', {}, DESK)]) {
      results.push(result.ok ? { ok: true } : { ok: false, code: result.error.code });
    }
  }
  return results;
}

describe('idle lock', () => {
  it('locks after the idle minutes while polling calls keep arriving, and refuses them in main', async () => {
    const results = await pollFor(11 * minute);
    // The polls were answered until the idle limit (10 minutes), then refused, never reset.
    const firstRefused = results.findIndex((r) => !r.ok);
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(((10 * minute) / 5_000) * 3);
    expect(results.slice(firstRefused).every((r) => r.code === 'locked')).toBe(true);
    expect((await t.must('auth.state', {}, DESK)).locked).toBe(true);
    expect(events).toContainEqual({ name: 'auth.changed', payload: { reason: 'locked' } });
  });

  it('stays unlocked while the staff member keeps working (their input is reported)', async () => {
    for (let i = 0; i < 30; i += 1) {
      t.clock.advance(minute);
      await t.must('auth.activity', {}, DESK);
    }
    expect((await t.call('patients.search', { query: '' }, DESK)).ok).toBe(true);
    expect((await t.must('auth.state', {}, DESK)).locked).toBe(false);
  });

  it('refuses every call but unlock, sign-out and the auth state while locked', async () => {
    t.clock.advance(10 * minute + 1);
    const refused = [
      await t.call('patients.search', { query: '' }, DESK),
      await t.call('auth.activity', {}, DESK),
      // Public calls too: signing in as someone else over the locked screen is not a way round.
      await t.call('auth.signIn', { username: 'admin', password: 'admin-password' }, DESK),
      await t.call('auth.setupAdmin', { username: 'eve', displayName: 'Eve', password: 'eve-password' }, DESK),
      // Bad input is refused as locked as well: a locked session learns nothing about calls.
      await t.call('patients.get', { id: 'nope' } as never, DESK),
    ];
    for (const result of refused) expect(result).toMatchObject({ ok: false, error: { code: 'locked' } });
    // auth.activity did not postpone anything: still locked.
    const state = await t.must('auth.state', {}, DESK);
    expect(state).toMatchObject({ locked: true, staff: { username: 'rita' } });

    // Coming back on the same connection (a reload of the page) is still locked.
    expect(await t.call('inbox.list', {}, DESK)).toMatchObject({ ok: false, error: { code: 'locked' } });

    await t.must('auth.unlock', { password: 'rita-password' }, DESK);
    expect((await t.call('patients.search', { query: '' }, DESK)).ok).toBe(true);
  });

  it('sign-out from the locked screen works, and the next person signs in fresh', async () => {
    t.clock.advance(11 * minute);
    await t.must('auth.signOut', {}, DESK);
    expect(await t.call('patients.search', { query: '' }, DESK)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await t.must('auth.signIn', { username: 'admin', password: 'admin-password' }, DESK);
    expect((await t.call('patients.search', { query: '' }, DESK)).ok).toBe(true);
  });

  it('stops events carrying patient data until unlock', async () => {
    expect(t.core.eventAllowed(DESK, 'patients.changed')).toBe(true);
    t.clock.advance(10 * minute + 1);
    const patientEvents: EventName[] = ['patients.changed', 'conversation.updated', 'message.created', 'delivery.updated', 'appointments.changed', 'broadcast.progress', 'import.finished'];
    for (const name of patientEvents) expect(t.core.eventAllowed(DESK, name)).toBe(false);
    expect(t.core.eventAllowed(DESK, 'auth.changed')).toBe(true);
    expect(t.core.eventAllowed(DESK, 'engine.status')).toBe(true);
    // Nobody signed in on a connection: no patient events either.
    expect(t.core.eventAllowed('stranger', 'patients.changed')).toBe(false);
    await t.must('auth.unlock', { password: 'rita-password' }, DESK);
    expect(t.core.eventAllowed(DESK, 'patients.changed')).toBe(true);
  });

  it('the periodic sweep locks an untouched session and pushes the lock', async () => {
    t.clock.advance(10 * minute + 1);
    t.core.services.sessions.sweep();
    expect(events.filter((e) => e.name === 'auth.changed')).toEqual([{ name: 'auth.changed', payload: { reason: 'locked' } }]);
    t.core.services.sessions.sweep();
    expect(events.filter((e) => e.name === 'auth.changed')).toHaveLength(1);
  });
});
