/**
 * The idle lock over the HTTP dev transport: polling does not keep a session open, a locked
 * session's calls are refused whichever transport they use, the page coming back with the same
 * session id (a reload) is still locked, and the event stream stops carrying patient events for
 * that session until it is unlocked.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './dev-server';
import { makeTempDir, MIGRATIONS_FOLDER } from '../db/test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';
import type { CallResult } from '../../shared/ipc/result';

let server: DevServer;
let dir: string;
const clock = new FakeClock(Date.UTC(2026, 0, 15, 15, 0, 0));

beforeAll(async () => {
  dir = makeTempDir('frontdesk-dev-lock-');
  server = await startDevServer({ dataDir: dir, migrationsFolder: MIGRATIONS_FOLDER, logger: memoryLogger(), clock });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(name: string, body: unknown, session: string): Promise<CallResult<unknown>> {
  const res = await fetch(`${server.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'x-frontdesk-session': session, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as CallResult<unknown>;
}

/** An EventSource-like reader of the SSE stream for one session: collects event names. */
function openEvents(session: string): { names: string[]; close(): void; ready: Promise<void> } {
  const names: string[] = [];
  const controller = new AbortController();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  void (async () => {
    const res = await fetch(`${server.origin}/api/events?token=${server.token}&session=${session}`, { signal: controller.signal });
    const reader = res.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        if (buffered.includes(': connected')) markReady();
        for (const match of buffered.matchAll(/^event: (.+)$/gm)) names.push(match[1] ?? '');
        buffered = buffered.slice(buffered.lastIndexOf('\n\n') + 2);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  return { names, ready, close: () => controller.abort() };
}

describe('idle lock over the dev transport', () => {
  it('locks despite polling, stays locked on reload, and stops patient events until unlock', async () => {
    expect(await call('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' }, 'tab-1')).toMatchObject({ ok: true });
    const stream = openEvents('tab-1');
    const otherTab = openEvents('tab-2'); // never signed in
    await Promise.all([stream.ready, otherTab.ready]);

    const created = await call('patients.create', { firstName: 'Ada', lastName: 'Poll', contactPoints: [] }, 'tab-1');
    expect(created.ok).toBe(true);
    await expect.poll(() => stream.names).toContain('patients.changed');
    expect(otherTab.names).not.toContain('patients.changed');

    // The dashboard polls every few seconds; nobody touches the screen for 11 minutes.
    let lastPoll: CallResult<unknown> | null = null;
    for (let waited = 0; waited < 11 * 60_000; waited += 10_000) {
      clock.advance(10_000);
      lastPoll = await call('engine.status', {}, 'tab-1');
    }
    expect(lastPoll).toMatchObject({ ok: false, error: { code: 'locked' } });
    await expect.poll(() => stream.names).toContain('auth.changed');

    // A reload: the page comes back with the same session id and is still locked.
    stream.close();
    const reloaded = openEvents('tab-1');
    await reloaded.ready;
    expect(await call('auth.state', {}, 'tab-1')).toMatchObject({ ok: true, value: { locked: true, staff: { username: 'admin' } } });
    expect(await call('patients.search', { query: '' }, 'tab-1')).toMatchObject({ ok: false, error: { code: 'locked' } });

    // Patient events do not reach the locked page (the core still makes them).
    server.core.events.emit('patients.changed', { patientId: 1 });
    server.core.events.emit('engine.status', { online: true, waiting: 0, summary: 'ok' });
    await expect.poll(() => reloaded.names).toContain('engine.status');
    expect(reloaded.names).not.toContain('patients.changed');

    expect(await call('auth.unlock', { password: 'admin-password' }, 'tab-1')).toMatchObject({ ok: true });
    server.core.events.emit('patients.changed', { patientId: 1 });
    await expect.poll(() => reloaded.names).toContain('patients.changed');
    reloaded.close();
    otherTab.close();
  });
});
