/**
 * The entry script: small on purpose. It picks the transport, sends the calls every start makes
 * (sign-in state, clinic settings, unread total, and the inbox's first page when the app opens on
 * the inbox) and only then loads the app's code, so the answers and the code arrive together
 * instead of one after the other. When the app opens on the inbox, it paints the inbox's first
 * screen from those answers while the app's code is still loading (shell/first-paint).
 */
import '@blueprintjs/core/lib/css/blueprint.css';
import './styles.css';
// The list's rules, for the first screen painted before the app's code (and its CSS) arrives.
import './screens/inbox/inbox.css';
import type { CallName, OutputOf } from '../../shared/contract';
import type { CallResult } from '../../shared/ipc/result';
import { createApi, pickTransport } from './ipc/api';
import { withPrefetch } from './ipc/prefetch';
import { loadFullStylesheet } from './full-stylesheet';
import { pageReady } from './page-ready';
import { afterNextPaint } from './shell/first-paint/after-paint';
import { paintFirstScreen, warmUpDateFormatting } from './shell/first-paint/paint';
import { parseRoute } from './navigation/route-parse';
import { prefetchOnNavigation, prefetchStart } from './start-prefetch';

// Marks for the start-up timeline (bench/inbox-render.bench.ts reads them; DevTools shows them).
performance.mark('frontdesk:entry');

/**
 * How long the app's code waits for the first screen's answers at most: the app needs the same
 * answers for its own first render, so waiting costs little, but a core that is slow to answer
 * must not hold back the app (which shows it is starting).
 */
const FIRST_SCREEN_WAIT_MS = 1500;

const ready = pageReady(document);
let appStarted = false;
let firstScreen: Promise<boolean> = Promise.resolve(false);
const transport = pickTransport();
let api: ReturnType<typeof withPrefetch> | { error: string };
if ('error' in transport) api = transport;
else {
  // The start-up calls' answers, as they were sent, for the first screen (the app takes them
  // from the prefetching api as before).
  const sent = new Map<CallName, Promise<CallResult<unknown>>>();
  const prefetching = withPrefetch(createApi(transport), (name, input) => {
    const answer = transport.call(name, input);
    sent.set(name, answer);
    return answer;
  });
  prefetchStart(prefetching, window.location.hash);
  performance.mark('frontdesk:calls-sent');
  prefetchOnNavigation(prefetching, window);
  api = prefetching;
  if (parseRoute(window.location.hash).screen === 'inbox') warmUpDateFormatting();
  const answerOf = <N extends CallName>(name: N) => (sent.get(name) ?? Promise.resolve({ ok: false, error: { code: 'internal', message: `${name} was not prefetched` } })) as Promise<CallResult<OutputOf<N>>>;
  const answers = { auth: answerOf('auth.state'), settings: answerOf('settings.get'), unread: answerOf('inbox.unreadTotal'), list: answerOf('inbox.list') };
  void Promise.all(Object.values(answers)).then(() => performance.mark('frontdesk:answers'));
  firstScreen = paintFirstScreen({
    page: window,
    container: ready,
    answers,
    appStarted: () => appStarted,
    now: () => Date.now(),
  }).then((painted) => {
    if (painted) performance.mark('frontdesk:first-paint');
    return painted;
  });
}

// The app's code is evaluated once the first screen is on screen, or once it is clear there is
// none: evaluating half a megabyte of script is one long task, and the answers, the page's own
// load events and the picture's frame would all wait behind it. Its download has started anyway
// (the page preloads it).
const appMayStart = Promise.race([
  firstScreen.catch((error: unknown) => {
    // A bug in the picture must not keep the app from starting; it still shows as an error.
    setTimeout(() => {
      throw error;
    }, 0);
    return false;
  }),
  new Promise<boolean>((resolve) => setTimeout(() => resolve(false), FIRST_SCREEN_WAIT_MS)),
]).then((painted) => (painted ? afterNextPaint(window, 100) : undefined));

// The full stylesheet, which the build left out of the first screen's way (full-stylesheet.ts):
// parsing it is tens of milliseconds of main thread, after that screen's frame rather than before.
const stylesheet = appMayStart.then(() => loadFullStylesheet(document));

Promise.all([appMayStart.then(() => import('./boot')), ready, stylesheet]).then(
  ([{ mount }, container]) => {
    appStarted = true;
    return mount(container, api);
  },
  async (error: unknown) => {
    appStarted = true;
    // Without the app's code there is no React to show it with: plain text it is.
    const container = await ready;
    container.textContent = `Frontdesk could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the window to try again.`;
    throw error;
  },
);
