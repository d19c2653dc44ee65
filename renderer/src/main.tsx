/**
 * The entry script: small on purpose. It picks the transport, sends the calls every start makes
 * (sign-in state, clinic settings, unread total, and the inbox's first page when the app opens on
 * the inbox) and only then loads the app's code, so the answers and the code arrive together
 * instead of one after the other.
 */
import '@blueprintjs/core/lib/css/blueprint.css';
import './styles.css';
import { createApi, pickTransport } from './ipc/api';
import { withPrefetch } from './ipc/prefetch';
import { pageReady } from './page-ready';
import { prefetchOnNavigation, prefetchStart } from './start-prefetch';

// Marks for the start-up timeline (bench/inbox-render.bench.ts reads them; DevTools shows them).
performance.mark('frontdesk:entry');

const transport = pickTransport();
let api: ReturnType<typeof withPrefetch> | { error: string };
if ('error' in transport) api = transport;
else {
  const prefetching = withPrefetch(createApi(transport), (name, input) => transport.call(name, input));
  prefetchStart(prefetching, window.location.hash);
  performance.mark('frontdesk:calls-sent');
  prefetchOnNavigation(prefetching, window);
  api = prefetching;
}

const ready = pageReady(document);
Promise.all([import('./boot'), ready]).then(
  ([{ mount }, container]) => mount(container, api),
  async (error: unknown) => {
    // Without the app's code there is no React to show it with: plain text it is.
    const container = await ready;
    container.textContent = `Frontdesk could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the window to try again.`;
    throw error;
  },
);
