/**
 * The call registry as the renderer meets it: every call validates its input (random invalid
 * inputs change nothing), refuses unexpected senders, enforces roles, the idle lock, and audits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { callNames, contract, type CallName } from '../../shared/contract';
import { roleAllows } from '../../shared/ipc/define';

let t: TestCore;
const ADMIN = 'admin-session';
const RECEPTION = 'reception-session';

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery' }, ADMIN);
  await t.must('staff.create', { username: 'rita', displayName: 'Rita Reception', role: 'receptionist', password: 'receptionist-pass' }, ADMIN);
  await t.must('auth.signIn', { username: 'rita', password: 'receptionist-pass' }, RECEPTION);
  await t.must('patients.create', { firstName: 'Pat', lastName: 'Smith', contactPoints: [{ kind: 'phone', value: '(202) 555-0143' }] }, ADMIN);
});
afterAll(async () => {
  await t.dispose();
});

/** Hash of everything the core persists: the database (checkpointed) and the settings files. */
function persistedStateHash(): string {
  t.core.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const hash = createHash('sha256');
  // The -shm file is SQLite's shared-memory index (read marks change on every read): not data.
  for (const name of fs.readdirSync(t.dir).sort().filter((n) => !n.endsWith('-shm'))) {
    const file = path.join(t.dir, name);
    if (fs.statSync(file).isFile()) hash.update(name).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/** Random values that do not satisfy a call's input schema, derived from its shape. */
function invalidInputs(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
  const junk = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.anything(), { maxLength: 3 }),
  );
  const wrongFields =
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys, 'unexpectedField', '__proto__'), junk, { minKeys: 1, maxKeys: keys.length + 1 })
      : fc.dictionary(fc.string(), junk, { minKeys: 1 });
  return fc.oneof(junk, wrongFields).filter((value) => !schema.safeParse(value).success);
}

describe('every call validates its input', () => {
  it('covers the whole contract with handlers', () => {
    expect(callNames.length).toBeGreaterThan(10);
    for (const name of callNames) expect(typeof contract[name].summary).toBe('string');
  });

  it('random invalid inputs are rejected with a validation error and change nothing on disk', async () => {
    const before = persistedStateHash();
    for (const name of callNames) {
      await fc.assert(
        fc.asyncProperty(invalidInputs(contract[name].input), async (input) => {
          const result = await t.core.registry.invoke(name, input, {
            sessionKey: ADMIN,
            sender: { transport: 'ipc', url: 'app://frontdesk/index.html', isMainFrame: true },
          });
          expect(result.ok, `${name} accepted ${JSON.stringify(input)}`).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('validation');
            expect(result.error.message).toContain(name);
          }
        }),
        { numRuns: 25 },
      );
    }
    expect(persistedStateHash()).toBe(before);
  });

  it('names the offending field in a readable message', async () => {
    const result = await t.call('patients.create', { firstName: '', lastName: 'X', contactPoints: [] }, ADMIN);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: 'firstName', message: 'First name is required' }] } });
  });

  it('an unknown call name is refused', async () => {
    const result = await t.core.registry.invoke('patients.drop', {}, { sessionKey: ADMIN, sender: { transport: 'ipc', url: 'app://frontdesk/', isMainFrame: true } });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});

describe('senders', () => {
  const attempt = (url: string, isMainFrame: boolean) =>
    t.core.registry.invoke('patients.search', { query: '' }, { sessionKey: ADMIN, sender: { transport: 'ipc', url, isMainFrame } });

  it('refuses a call from another origin, a sub-frame or an unparsable URL', async () => {
    for (const [url, main] of [
      ['https://evil.example/index.html', true],
      ['app://frontdesk.evil/index.html', true],
      ['file:///etc/passwd', true],
      ['app://frontdesk/index.html', false],
      ['not a url', true],
    ] as const) {
      const result = await attempt(url, main);
      expect(result, url).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
  });

  it('accepts the app’s own main frame', async () => {
    const result = await attempt('app://frontdesk/index.html#/patients', true);
    expect(result.ok).toBe(true);
  });
});

describe('roles and sessions', () => {
  it('a receptionist cannot make any manager or admin call, whatever the input', async () => {
    const restricted = callNames.filter((name: CallName) => {
      const access = contract[name].access;
      return access !== 'public' && !roleAllows('receptionist', access);
    });
    expect(restricted).toEqual(expect.arrayContaining(['audit.list', 'staff.create', 'settings.update']));
    for (const name of restricted) {
      const result = await t.core.registry.invoke(name, {}, { sessionKey: RECEPTION, sender: { transport: 'ipc', url: 'app://frontdesk/', isMainFrame: true } });
      expect(result, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('a receptionist can make receptionist calls', async () => {
    const found = await t.must('patients.search', { query: 'smith' }, RECEPTION);
    expect(found.items.map((p) => p.lastName)).toEqual(['Smith']);
  });

  it('calls need a signed-in staff member', async () => {
    const result = await t.call('patients.search', { query: '' }, 'nobody');
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('locks after the idle time and unlocks only with the right password', async () => {
    const session = 'idle-session';
    await t.must('auth.signIn', { username: 'rita', password: 'receptionist-pass' }, session);
    t.clock.advance(9 * 60_000);
    expect((await t.call('patients.search', { query: '' }, session)).ok).toBe(true);
    t.clock.advance(10 * 60_000 + 1);
    expect(await t.call('patients.search', { query: '' }, session)).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await t.must('auth.state', {}, session)).locked).toBe(true);
    expect(await t.call('auth.unlock', { password: 'wrong-password' }, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await t.must('auth.unlock', { password: 'receptionist-pass' }, session);
    expect((await t.call('patients.search', { query: '' }, session)).ok).toBe(true);
    // The other sessions of this suite idled too.
    await t.must('auth.unlock', { password: 'correct horse battery' }, ADMIN);
    await t.must('auth.unlock', { password: 'receptionist-pass' }, RECEPTION);
  });

  it('a wrong password does not sign in, and says so without revealing which part was wrong', async () => {
    const wrongPassword = await t.call('auth.signIn', { username: 'rita', password: 'nope-nope' }, 'x');
    const wrongUser = await t.call('auth.signIn', { username: 'nobody', password: 'nope-nope' }, 'x');
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(wrongUser.ok ? null : wrongUser.error.message).toBe(wrongPassword.ok ? null : wrongPassword.error.message);
    expect((await t.must('auth.state', {}, 'x')).staff).toBeNull();
  });

  it('first-run setup works once only', async () => {
    const again = await t.call('auth.setupAdmin', { username: 'mallory', displayName: 'M', password: 'another-password' }, 'y');
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a deactivated account is signed out everywhere', async () => {
    const staff = await t.must('staff.create', { username: 'temp', displayName: 'Temp', role: 'receptionist', password: 'temporary-pass' }, ADMIN);
    await t.must('auth.signIn', { username: 'temp', password: 'temporary-pass' }, 'temp-session');
    await t.must('staff.update', { id: staff.id, active: false }, ADMIN);
    expect(await t.call('patients.search', { query: '' }, 'temp-session')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await t.call('auth.signIn', { username: 'temp', password: 'temporary-pass' }, 'temp-session')).toMatchObject({ ok: false });
  });
});

describe('audit log', () => {
  it('records sign-in, sign-out and every change with the staff member, without secrets', async () => {
    const session = 'audit-session';
    const rita = (await t.must('auth.signIn', { username: 'rita', password: 'receptionist-pass' }, session));
    const patient = await t.must('patients.create', { firstName: 'Audrey', lastName: 'Trail', contactPoints: [] }, session);
    await t.must('auth.signOut', {}, session);
    const entries = await t.must('audit.list', { limit: 20 }, ADMIN);
    const mine = entries.filter((e) => e.staffId === rita.id).map((e) => e.action);
    expect(mine.slice(0, 3)).toEqual(['auth.signOut', 'patients.create', 'auth.signIn']);
    const created = entries.find((e) => e.action === 'patients.create' && e.staffId === rita.id);
    expect(created?.detail).toMatchObject({ input: { firstName: 'Audrey', lastName: 'Trail' } });
    expect(patient.id).toBeGreaterThan(0);
    const staffCreate = entries.find((e) => e.action === 'staff.create');
    expect(JSON.stringify(staffCreate?.detail)).toContain('[redacted]');
    expect(JSON.stringify(entries)).not.toContain('temporary-pass');
  });
});
