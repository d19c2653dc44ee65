import { describe, expect, it } from 'vitest';
import { createApi } from './ipc/api';
import { withPrefetch } from './ipc/prefetch';
import type { Transport } from './ipc/transport';
import { prefetchOnNavigation, prefetchStart } from './start-prefetch';
import { listRequest, OPENING_FILTER } from './screens/inbox/list-request';

function setUp() {
  const sent: string[] = [];
  const transport: Transport = {
    call: async (name) => {
      sent.push(name);
      return { ok: true, value: {} };
    },
    on: () => () => undefined,
  };
  const api = withPrefetch(createApi(transport), (name, input) => transport.call(name, input));
  return { api, sent };
}

function fakeWindow(hash: string) {
  const listeners: (() => void)[] = [];
  return {
    location: { hash },
    addEventListener: (_type: 'hashchange', listener: () => void) => listeners.push(listener),
    go(next: string) {
      this.location.hash = next;
      for (const l of listeners) l();
    },
  };
}

describe('start-up prefetch', () => {
  it('asks for the inbox page only when the app opens on the inbox', () => {
    const onInbox = setUp();
    prefetchStart(onInbox.api, '#/inbox');
    expect(onInbox.sent.sort()).toEqual(['auth.state', 'inbox.list', 'inbox.unreadTotal', 'settings.get']);
    const onPatients = setUp();
    prefetchStart(onPatients.api, '#/patients/3');
    expect(onPatients.sent).not.toContain('inbox.list');
  });

  it('asks for the page the list will ask for, so the list takes it instead of asking again', async () => {
    const { api, sent } = setUp();
    prefetchStart(api, '#/inbox');
    await api.call('inbox.list', listRequest(OPENING_FILTER, ''));
    expect(sent.filter((name) => name === 'inbox.list')).toHaveLength(1);
  });

  it('asks for it when the inbox is opened from another screen, not when moving within the inbox', () => {
    const { api, sent } = setUp();
    const win = fakeWindow('#/patients');
    prefetchOnNavigation(api, win);
    win.go('#/templates');
    expect(sent).toEqual([]);
    win.go('#/inbox');
    expect(sent).toEqual(['inbox.list']);
    win.go('#/inbox/12');
    expect(sent).toEqual(['inbox.list']);
    win.go('#/patients');
    win.go('#/inbox/7');
    expect(sent).toEqual(['inbox.list', 'inbox.list']);
  });
});
