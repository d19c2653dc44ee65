/**
 * The HTTP dev transport: same registry, random token, loopback only, events over SSE.
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, startThreadedDevServer, type DevServer } from './dev-server';
import { makeTempDir, MIGRATIONS_FOLDER } from '../db/test-db';
import { memoryLogger } from '../foundation/logger';

let server: DevServer;
let dir: string;

beforeAll(async () => {
  dir = makeTempDir('frontdesk-dev-');
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Frontdesk</title>');
  server = await startDevServer({ dataDir: path.join(dir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'x-frontdesk-session': 'tab-1', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('HTTP dev transport', () => {
  it('listens on loopback only and puts the token in the page URL', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('serves the renderer with a content security policy', async () => {
    const res = await fetch(`${server.origin}/patients/42`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<title>Frontdesk</title>');
  });

  it('refuses calls without the right token', async () => {
    expect((await call('auth.state', {}, { authorization: '' })).status).toBe(401);
    expect((await call('auth.state', {}, { authorization: `Bearer ${'0'.repeat(48)}` })).status).toBe(401);
  });

  it('refuses a foreign Origin and a foreign Host', async () => {
    const foreign = await (await call('auth.state', {}, { origin: 'https://evil.example' })).json();
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.origin);
      const req = http.request(
        { host: '127.0.0.1', port: url.port, path: '/api/call/auth.state', method: 'POST', headers: { host: 'rebind.example', authorization: `Bearer ${server.token}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('runs calls through the same registry and pushes events over SSE', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${server.origin}/api/events?token=${server.token}&session=tab-1`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body?.getReader();
    if (!reader) throw new Error('no event stream');
    const decoder = new TextDecoder();
    const received = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        events.push(decoder.decode(value));
        if (events.join('').includes('event: auth.changed')) return;
      }
    })();

    const state = await (await call('auth.state', {})).json();
    expect(state).toEqual({ ok: true, value: { needsSetup: true, staff: null, locked: false, idleLockMinutes: 10 } });
    const setup = await (await call('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' })).json();
    expect(setup).toMatchObject({ ok: true, value: { username: 'admin', role: 'admin' } });
    await received;
    controller.abort();
    expect(events.join('')).toContain('event: auth.changed\ndata: {"reason":"signed_in"}');

    // Another browser tab is another session.
    const other = await (await call('patients.search', { query: '' }, { 'x-frontdesk-session': 'tab-2' })).json();
    expect(other).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const invalid = await (await call('patients.search', { query: 42 })).json();
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('answers a malformed body with a readable error', async () => {
    const res = await fetch(`${server.origin}/api/call/auth.state`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('JSON') } });
  });
});

describe('HTTP dev transport with the core on its worker thread (npm run dev:web)', () => {
  it('answers calls over HTTP from the worker, and refuses a foreign Origin there too', async () => {
    const threadedDir = makeTempDir('frontdesk-dev-thread-');
    const threaded = await startThreadedDevServer({ dataDir: threadedDir, migrationsFolder: MIGRATIONS_FOLDER, logger: memoryLogger() });
    try {
      expect(threaded.core.threadId()).not.toBeNull();
      const post = (origin?: string) =>
        fetch(`${threaded.origin}/api/call/auth.state`, {
          method: 'POST',
          headers: { authorization: `Bearer ${threaded.token}`, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
          body: '{}',
        }).then((res) => res.json());
      expect(await post()).toMatchObject({ ok: true, value: { needsSetup: true } });
      expect(await post('https://evil.example')).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(fs.existsSync(path.join(threadedDir, 'frontdesk.sqlite'))).toBe(true);
    } finally {
      await threaded.close();
      fs.rmSync(threadedDir, { recursive: true, force: true });
    }
  });
});
