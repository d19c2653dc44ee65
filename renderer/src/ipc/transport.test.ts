import { afterEach, describe, expect, it, vi } from 'vitest';
import { bridgeTransport, httpTransport } from './transport';
import { createApi } from './api';
import type { FrontdeskBridge } from '../../../shared/contract/bridge';
import type { CallResult } from '../../../shared/ipc/result';

afterEach(() => {
  vi.unstubAllGlobals();
});

const options = { origin: 'http://127.0.0.1:4000', token: 'tok', sessionId: 'tab-1' };

describe('HTTP transport', () => {
  it('posts the input to /api/call/<name> with the token and session headers', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ ok: true, value: { needsSetup: true } })));
    vi.stubGlobal('fetch', fetchMock);
    const result = await httpTransport(options).call('auth.state', {});
    expect(result).toEqual({ ok: true, value: { needsSetup: true } });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('http://127.0.0.1:4000/api/call/auth.state');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{}');
    expect(init?.headers).toMatchObject({ authorization: 'Bearer tok', 'x-frontdesk-session': 'tab-1' });
  });

  it('passes the server’s error results through, including a 401 body', async () => {
    const refused: CallResult<never> = { ok: false, error: { code: 'forbidden_sender', message: 'Missing or wrong token' } };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(refused), { status: 401 })));
    expect(await httpTransport(options).call('auth.state', {})).toEqual(refused);
  });

  it('turns a network failure into an unavailable error instead of throwing', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const result = await httpTransport(options).call('auth.state', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable');
      expect(result.error.message).toContain('Failed to fetch');
    }
  });

  it('reports an unreadable or unexpected answer as internal', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>oops</html>', { status: 502 })));
    const unreadable = await httpTransport(options).call('auth.state', {});
    expect(unreadable.ok === false && unreadable.error.code).toBe('internal');
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ hello: 'world' }))));
    const unexpected = await httpTransport(options).call('auth.state', {});
    expect(unexpected.ok === false && unexpected.error.message).toContain('unexpected answer');
  });
});

describe('bridge transport', () => {
  const bridge = (calls: Record<string, (input: unknown) => Promise<CallResult<unknown>>>): FrontdeskBridge =>
    ({ calls, onEvent: () => () => undefined }) as unknown as FrontdeskBridge;

  it('calls the preload function of the same name', async () => {
    const state = vi.fn(async () => ({ ok: true as const, value: 'state' }));
    expect(await bridgeTransport(bridge({ 'auth.state': state })).call('auth.state', {})).toEqual({ ok: true, value: 'state' });
    expect(state).toHaveBeenCalledWith({});
  });

  it('answers unknown_call for a call the preload lacks, and unavailable when IPC throws', async () => {
    const transport = bridgeTransport(bridge({ 'auth.state': async () => Promise.reject(new Error('channel closed')) }));
    expect(await transport.call('patients.search', { query: '' })).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await transport.call('auth.state', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('channel closed') } });
  });
});

describe('api', () => {
  it('tells error listeners about every failed call, with the call name', async () => {
    const api = createApi({
      call: async () => ({ ok: false, error: { code: 'locked', message: 'Frontdesk is locked' } }),
      on: () => () => undefined,
    });
    const seen: string[] = [];
    const off = api.onCallError((name, error) => seen.push(`${name}:${error.code}`));
    await api.call('patients.search', { query: 'x' });
    off();
    await api.call('patients.search', { query: 'y' });
    expect(seen).toEqual(['patients.search:locked']);
  });
});
