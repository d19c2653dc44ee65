import { describe, expect, it } from 'vitest';
import type { CallName, EventName } from '../../../shared/contract';
import type { CallResult } from '../../../shared/ipc/result';
import { createApi } from './api';
import { withPrefetch } from './prefetch';
import type { Transport } from './transport';

/** A transport that answers from `answer` and counts what was sent, with events on demand. */
function fakeTransport(answer: (name: CallName, n: number) => CallResult<unknown>) {
  const sent: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const transport: Transport = {
    call: async (name, input) => {
      sent.push(`${name} ${JSON.stringify(input)}`);
      return answer(name, sent.length);
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const listening = (event: EventName) => listeners.get(event)?.size ?? 0;
  return { transport, sent, emit, listening };
}

const ok = (value: unknown): CallResult<unknown> => ({ ok: true, value });

function setUp(answer: (name: CallName, n: number) => CallResult<unknown> = (_name, n) => ok({ unread: n }), now = () => 0) {
  const fake = fakeTransport(answer);
  const base = createApi(fake.transport);
  const api = withPrefetch(base, (name, input) => fake.transport.call(name, input), { now, maxAgeMs: 1000 });
  const errors: string[] = [];
  api.onCallError((name, error) => errors.push(`${name} ${error.code}`));
  return { ...fake, api, errors };
}

describe('withPrefetch', () => {
  it('hands a prefetched answer to the first caller with the same input, once', async () => {
    const { api, sent } = setUp();
    api.prefetch('inbox.unreadTotal', {});
    expect(await api.call('inbox.unreadTotal', {})).toEqual(ok({ unread: 1 }));
    expect(sent).toHaveLength(1);
    // The next read is a real one: a prefetched answer is never served twice.
    expect(await api.call('inbox.unreadTotal', {})).toEqual(ok({ unread: 2 }));
    expect(sent).toHaveLength(2);
  });

  it('does not serve an answer to a call with other input', async () => {
    const { api, sent } = setUp();
    api.prefetch('inbox.list', { filter: { status: 'open' }, limit: 50, withTotal: false });
    await api.call('inbox.list', { filter: { status: 'resolved' }, limit: 50, withTotal: false });
    expect(sent).toEqual(['inbox.list {"filter":{"status":"open"},"limit":50,"withTotal":false}', 'inbox.list {"filter":{"status":"resolved"},"limit":50,"withTotal":false}']);
    // The matching one is still there for its own caller.
    await api.call('inbox.list', { filter: { status: 'open' }, limit: 50, withTotal: false });
    expect(sent).toHaveLength(2);
  });

  it('asks again instead of handing out a refusal, and only that second answer reaches the error listeners', async () => {
    const { api, sent, errors } = setUp(() => ({ ok: false, error: { code: 'unauthenticated', message: 'Sign in first' } }));
    api.prefetch('settings.get', {});
    await Promise.resolve();
    expect(errors).toEqual([]);
    const result = await api.call('settings.get', {});
    expect(result.ok).toBe(false);
    expect(sent).toHaveLength(2);
    expect(errors).toEqual(['settings.get unauthenticated']);
  });

  it('drops an answer once an event that would change it arrives, and stops listening', async () => {
    const { api, sent, emit, listening } = setUp();
    api.prefetch('inbox.unreadTotal', {}, ['conversation.updated', 'message.created']);
    expect(listening('message.created')).toBe(1);
    emit('message.created', { messageId: 1, conversationId: 1, direction: 'inbound' });
    expect(listening('message.created')).toBe(0);
    expect(listening('conversation.updated')).toBe(0);
    expect(await api.call('inbox.unreadTotal', {})).toEqual(ok({ unread: 2 }));
    expect(sent).toHaveLength(2);
  });

  it('drops an answer older than its age limit', async () => {
    let clock = 0;
    const { api, sent } = setUp(undefined, () => clock);
    api.prefetch('auth.state', {});
    clock = 1001;
    await api.call('auth.state', {});
    expect(sent).toHaveLength(2);
  });

  it('keeps one prefetch per call: a newer one replaces the older', async () => {
    const { api, sent } = setUp();
    api.prefetch('inbox.thread', { conversationId: 1, limit: 50 });
    api.prefetch('inbox.thread', { conversationId: 2, limit: 50 });
    await api.call('inbox.thread', { conversationId: 1, limit: 50 });
    expect(sent).toHaveLength(3);
    await api.call('inbox.thread', { conversationId: 2, limit: 50 });
    expect(sent).toHaveLength(3);
  });
});

describe('takeArrived', () => {
  it('hands over an answer that has arrived, once, and nothing before it arrives', async () => {
    const { api, sent } = setUp();
    api.prefetch('inbox.unreadTotal', {});
    expect(api.takeArrived('inbox.unreadTotal', {})).toBeUndefined();
    await Promise.resolve();
    await Promise.resolve();
    expect(api.takeArrived('inbox.unreadTotal', {})).toEqual({ unread: 1 });
    expect(api.takeArrived('inbox.unreadTotal', {})).toBeUndefined();
    expect(sent).toHaveLength(1);
  });

  it('never hands over a refusal or a stale answer', async () => {
    let clock = 0;
    const refusing = setUp(() => ({ ok: false, error: { code: 'locked', message: 'Locked' } }));
    refusing.api.prefetch('settings.get', {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(refusing.api.takeArrived('settings.get', {})).toBeUndefined();
    const aging = setUp(undefined, () => clock);
    aging.api.prefetch('settings.get', {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock = 1001;
    expect(aging.api.takeArrived('settings.get', {})).toBeUndefined();
  });
});
