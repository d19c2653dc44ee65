/**
 * Inbox rendering benchmark: 10,000 conversations and one thread of 5,000 messages, served by the
 * threaded dev server (the core on its worker thread, as in the app; this process plays the main
 * thread and serves HTTP) with a production build of the renderer, opened in Debian's Chromium.
 *
 * Prints, measured inside the page (no polling latency):
 *  - the first painted row of the conversation list after navigation: the entry script's first
 *    screen (renderer/src/shell/first-paint, painted from the start-up answers before the app's
 *    code runs) or, when the app came first, the app's; beside it the app's own first row (the
 *    interactive list: the whole app start, entry script, start-up calls, the app's code, the
 *    first render), with the app's marks as a timeline, and after the list's `inbox.list` call
 *    went out (which the entry script sends before the app's code loads). Not inside it:
 *    the dev server's start and the core's boot (both done, and the admin signed in, before the
 *    navigation). Inside it, and not in the packaged app: fetching index.html, the scripts and the
 *    stylesheet over loopback HTTP from this process (Electron reads them from disk);
 *  - the first painted row when the inbox is opened from another screen of the running app: the
 *    list's own cost (its call and its render) without the app's start;
 *  - the first painted message of the thread after the click that opens it;
 *  - the 95th-percentile frame time (requestAnimationFrame deltas) while scrolling each;
 *  - beside each figure, the main thread's longest event-loop stall (monitorEventLoopDelay).
 *
 *   npx tsx bench/inbox-render.bench.ts      (or through `npm run bench -- inbox-render`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir, MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { startThreadedDevServer, type ThreadedDevServer } from '../electron/dev/dev-server';
import { memoryLogger } from '../electron/foundation/logger';
import { buildRenderer } from '../e2e/build-renderer';
import { launchChromium } from '../e2e/browser';
import { barePageFirstPaint } from './bare-page-floor';
import { CONVERSATIONS, seedInbox, THREAD_MESSAGES } from './inbox-data';
import { ADMIN, pinSession } from '../e2e/harness';

const SCROLL_FRAMES = 240;
/** Pixels per frame: 120 px at 60 fps is a brisk fling (about two rows a frame). */
const SCROLL_STEP_PX = 120;

function p95(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Scrolls `selector` by `step` pixels a frame for `frames` frames; returns the rAF deltas. The
 * page code is a string: this file is type-checked without the DOM library.
 */
async function scrollFrames(page: Page, selector: string, step: number, frames: number): Promise<number[]> {
  const script = `new Promise((resolve, reject) => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) { reject(new Error('nothing matches ${selector}')); return; }
    const deltas = [];
    let last = 0;
    let n = 0;
    const tick = (t) => {
      deltas.push(t - last);
      last = t;
      el.scrollTop += ${step};
      n += 1;
      if (n < ${frames}) requestAnimationFrame(tick); else resolve(deltas.slice(1));
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
  })`;
  return (await page.evaluate(script)) as number[];
}

/**
 * Installed before the app's own code: notes (performance.now(), i.e. ms since navigation) the
 * first frame painted after a conversation row is in the DOM, the last click, and the first frame
 * painted after a thread message appeared following that click.
 */
export const PAGE_PROBE = `(() => {
  const probe = { rowPainted: null, appRowPainted: null, clickAt: null, messagePainted: null, navClickAt: null, navRowPainted: null };
  window.__inboxProbe = probe;
  addEventListener('click', (event) => {
    const nav = event.target instanceof Element && event.target.closest('[data-testid="nav-inbox"]');
    if (nav) { probe.navClickAt = performance.now(); probe.navRowPainted = null; return; }
    probe.clickAt = performance.now(); probe.messagePainted = null;
  }, true);
  const seen = (selector) => document.querySelector(selector) !== null;
  const painted = (key) => requestAnimationFrame(() => { if (probe[key] === null) probe[key] = performance.now(); });
  let waitingRow = true;
  let waitingAppRow = true;
  let waitingMessage = false;
  let waitingNavRow = false;
  new MutationObserver(() => {
    // A row of the first screen the entry script paints (shell/first-paint) or of the app's list.
    if (waitingRow && (seen('[data-first-paint] .fd-conv-row') || seen('[data-testid="conversation-row"]'))) { waitingRow = false; painted('rowPainted'); }
    if (waitingAppRow && seen('[data-testid="conversation-row"]')) { waitingAppRow = false; painted('appRowPainted'); }
    if (probe.navClickAt !== null && probe.navRowPainted === null && !waitingNavRow && seen('[data-testid="conversation-row"]')) {
      waitingNavRow = true;
      requestAnimationFrame(() => { probe.navRowPainted = performance.now(); waitingNavRow = false; });
    }
    if (probe.clickAt !== null && probe.messagePainted === null && !waitingMessage && seen('[data-testid="thread-message"]')) {
      waitingMessage = true;
      requestAnimationFrame(() => { probe.messagePainted = performance.now(); waitingMessage = false; });
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

interface Probe {
  /** The first row painted, of the entry script's first screen or of the app's list. */
  rowPainted: number | null;
  /** The first row of the app's own list (interactive). */
  appRowPainted: number | null;
  clickAt: number | null;
  messagePainted: number | null;
  navClickAt: number | null;
  navRowPainted: number | null;
}

export const readProbe = async (page: Page): Promise<Probe> => (await page.evaluate('window.__inboxProbe')) as Probe;

/** Polls the probe (its times come from the page, so the polling adds nothing to them). */
export async function waitForProbe(page: Page, key: keyof Probe): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const value = (await readProbe(page))[key];
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the page never set ${key}`);
}

/**
 * When the page's first `name` call at or after `since` went out and was answered (Resource
 * Timing, ms since navigation): splits a first render into start-up, the call and the render.
 */
async function callTiming(page: Page, name: string, since: number): Promise<{ start: number; end: number }> {
  const script = `(() => {
    const e = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/call/${name}') && r.startTime >= ${since});
    return e ? { start: e.startTime, end: e.responseEnd } : { start: NaN, end: NaN };
  })()`;
  return (await page.evaluate(script)) as { start: number; end: number };
}

/**
 * The app's start-up marks (renderer/src/main.tsx, boot.tsx, useConversationList.ts), ms since
 * navigation; NaN for a mark the page did not set (an older build without them).
 */
async function startMarks(page: Page): Promise<Record<'entry' | 'callsSent' | 'firstPaint' | 'appCode' | 'listPage', number>> {
  const script = `(() => {
    const at = (name) => { const m = performance.getEntriesByName('frontdesk:' + name, 'mark')[0]; return m ? m.startTime : NaN; };
    return { entry: at('entry'), callsSent: at('calls-sent'), firstPaint: at('first-paint'), appCode: at('app-code'), listPage: at('list-page') };
  })()`;
  return (await page.evaluate(script)) as Record<'entry' | 'callsSent' | 'firstPaint' | 'appCode' | 'listPage', number>;
}

/** The main thread's event-loop delay while `run` runs: max and p99 in ms. */
async function stallDuring<T>(run: () => Promise<T>): Promise<{ value: T; maxMs: number; p99Ms: number }> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  try {
    const value = await run();
    return { value, maxMs: round1(lag.max / 1e6), p99Ms: round1(lag.percentile(99) / 1e6) };
  } finally {
    lag.disable();
  }
}

/** Creates the first admin on the page's HTTP session (as the set-up form would), which signs it in. */
export async function signedInSession(server: ThreadedDevServer): Promise<string> {
  const sessionId = 'bench-session';
  const result = await server.core.registry.invoke(
    'auth.setupAdmin',
    { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password },
    { sessionKey: `http:${sessionId}`, sender: { transport: 'http', url: server.origin, isMainFrame: true } },
  );
  if (!result.ok) throw new Error(`auth.setupAdmin failed: ${result.error.message}`);
  return sessionId;
}

/** A seeded database, a built renderer, the threaded dev server and a signed-in page with the probe. */
export interface InboxRig {
  server: ThreadedDevServer;
  page: Page;
  seedMs: number;
  close(): Promise<void>;
}

/**
 * Sets up what the benchmark and the profiling script both measure: the data set in a fresh
 * database, the renderer built by `build` into a temp folder, the server on its worker thread
 * and a 1366×900 page signed in as the admin, with PAGE_PROBE installed before the app's code.
 */
export async function startInboxRig(build: (rendererDir: string) => Promise<unknown> | undefined, prefix: string): Promise<InboxRig & { browser: Browser }> {
  const work = makeTempDir(prefix);
  const rendererDir = path.join(work, 'renderer');
  const dataDir = path.join(work, 'data');
  fs.mkdirSync(dataDir);
  const seedStart = Date.now();
  seedInbox(dataDir, Date.now());
  const seedMs = Date.now() - seedStart;
  const [browser] = await Promise.all([launchChromium(), build(rendererDir)]);
  const server = await startThreadedDevServer({ dataDir, migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
  const close = async () => {
    await browser.close();
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const sessionId = await signedInSession(server);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await pinSession(page, sessionId);
    await page.addInitScript(PAGE_PROBE);
    return { server, page, seedMs, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export default async function inboxRenderBench(): Promise<Record<string, number>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { server, page, browser, seedMs, close } = await startInboxRig(buildRenderer, 'frontdesk-bench-inbox-');
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    try {
      const figures = await measure(page, `${server.url}#/inbox`, root);
      const floor = await barePageFirstPaint(browser);
      console.log(`  a bare page in the same Chromium (fresh page, one script adding one row): first paint ${floor.medianMs} ms after navigation, median of ${floor.roundsMs.join(' / ')} (the floor under the list's first figure)`);
      return { seedMs, ...figures, barePageFirstPaintMs: floor.medianMs };
    } catch (error) {
      const shot = path.join(root, 'bench-results/inbox-render-failure.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`inbox bench failed (screenshot: ${shot}; page errors: ${pageErrors.join(' | ') || 'none'}): ${String(error)}`);
    }
  } finally {
    await close();
  }
}

async function measure(page: Page, inboxUrl: string, root: string): Promise<Record<string, number>> {
  const list = await stallDuring(async () => {
    const t0 = Date.now();
    await page.goto(inboxUrl);
    const painted = await waitForProbe(page, 'rowPainted');
    const wallMs = Date.now() - t0;
    const appPainted = await waitForProbe(page, 'appRowPainted');
    const call = await callTiming(page, 'inbox.list', 0);
    return { painted, appPainted, wallMs, call, fromCall: painted - call.start, marks: await startMarks(page) };
  });
  await page.locator('[data-testid="conversation-total"]', { hasText: CONVERSATIONS.toLocaleString('en-US') }).waitFor({ timeout: 30_000 });
  // The floor on this machine: frames with nothing to do.
  const idleFrames = await scrollFrames(page, 'body', 0, 120);
  const listScroll = await stallDuring(() => scrollFrames(page, '[data-testid="conversation-list"]', SCROLL_STEP_PX, SCROLL_FRAMES));
  const listRows = await page.locator('[data-testid="conversation-row"]').count();

  // The inbox opened from another screen of the running app: the list's own cost (its call and
  // its render), without the app's start.
  await page.locator('[data-testid="nav-patients"]').click();
  await page.locator('[data-testid="screen-patients"]').waitFor();
  const switchBack = await stallDuring(async () => {
    await page.locator('[data-testid="nav-inbox"]').click();
    const painted = await waitForProbe(page, 'navRowPainted');
    const clickAt = (await readProbe(page)).navClickAt ?? NaN;
    const call = await callTiming(page, 'inbox.list', clickAt);
    return { painted: painted - clickAt, call: { start: call.start - clickAt, end: call.end - clickAt } };
  });
  await page.locator('[data-testid="conversation-total"]', { hasText: CONVERSATIONS.toLocaleString('en-US') }).waitFor({ timeout: 30_000 });

  // The thread of 5,000 messages is the newest conversation: back to the top, open it.
  await page.evaluate(`document.querySelector('[data-testid="conversation-list"]').scrollTop = 0`);
  await page.locator('[data-testid="conversation-row"]').first().waitFor();
  const thread = await stallDuring(async () => {
    await page.locator('[data-testid="conversation-row"]').first().click();
    const painted = await waitForProbe(page, 'messagePainted');
    const clickAt = (await readProbe(page)).clickAt ?? NaN;
    const call = await callTiming(page, 'inbox.thread', clickAt);
    const rehearsed = (await page.evaluate(`performance.getEntriesByName('frontdesk:thread-rehearsed')[0]?.startTime ?? NaN`)) as number;
    return { painted: painted - clickAt, call: { start: call.start - clickAt, end: call.end - clickAt }, rehearsedBeforeClick: rehearsed < clickAt };
  });
  // The inbox with a full list and a long thread, for the README and reviewers.
  const shots = path.join(root, 'test-artifacts/screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'inbox-10k-conversations.png') });
  const threadLoadedAtFirstRender = Number((await page.locator('[data-testid="thread"]').getAttribute('data-loaded')) ?? 0);
  const threadStart = Date.now();
  const threadScroll = await stallDuring(() => scrollFrames(page, '[data-testid="thread"]', -SCROLL_STEP_PX, SCROLL_FRAMES));
  const threadScrollWallMs = Date.now() - threadStart;
  const threadMessagesLoaded = Number((await page.locator('[data-testid="thread"]').getAttribute('data-loaded')) ?? 0);

  const result = {
    idleP95FrameMs: round1(p95(idleFrames)),
    listFirstRenderMs: Math.round(list.value.painted),
    listAppFirstRenderMs: Math.round(list.value.appPainted),
    listFirstRenderFromCallMs: Math.round(list.value.fromCall),
    listCallStartMs: Math.round(list.value.call.start),
    listCallAnsweredMs: Math.round(list.value.call.end),
    listFirstRenderWallMs: list.value.wallMs,
    startEntryMs: Math.round(list.value.marks.entry),
    startCallsSentMs: Math.round(list.value.marks.callsSent),
    startFirstPaintMs: Math.round(list.value.marks.firstPaint),
    startAppCodeMs: Math.round(list.value.marks.appCode),
    startListPageMs: Math.round(list.value.marks.listPage),
    listSwitchFirstRenderMs: Math.round(switchBack.value.painted),
    listSwitchCallStartMs: Math.round(switchBack.value.call.start),
    listSwitchCallAnsweredMs: Math.round(switchBack.value.call.end),
    listSwitchMainStallMaxMs: switchBack.maxMs,
    listLoadMainStallMaxMs: list.maxMs,
    listLoadMainStallP99Ms: list.p99Ms,
    listScrollP95FrameMs: round1(p95(listScroll.value)),
    listScrollFrames: listScroll.value.length,
    listScrollMainStallMaxMs: listScroll.maxMs,
    listRowsInDom: listRows,
    threadFirstRenderMs: Math.round(thread.value.painted),
    threadCallStartMs: Math.round(thread.value.call.start),
    threadCallAnsweredMs: Math.round(thread.value.call.end),
    threadRehearsedBeforeClick: thread.value.rehearsedBeforeClick ? 1 : 0,
    threadOpenMainStallMaxMs: thread.maxMs,
    threadOpenMainStallP99Ms: thread.p99Ms,
    threadMessagesAtFirstRender: threadLoadedAtFirstRender,
    threadScrollP95FrameMs: round1(p95(threadScroll.value)),
    threadScrollFrames: threadScroll.value.length,
    threadScrollWallMs,
    threadScrollMainStallMaxMs: threadScroll.maxMs,
    threadMessagesLoaded,
  };
  console.log(`inbox render (${CONVERSATIONS.toLocaleString()} conversations, thread of ${THREAD_MESSAGES.toLocaleString()} messages, Chromium headless, core on its worker thread)`);
  console.log(`  idle page: p95 frame ${result.idleP95FrameMs} ms (the floor on this machine)`);
  console.log(
    `  conversation list: first row painted ${result.listFirstRenderMs} ms after navigation (app start included; ${result.listFirstRenderWallMs} ms as the driver saw it), ${result.listFirstRenderFromCallMs} ms after inbox.list went out (sent at ${result.listCallStartMs} ms, answered at ${result.listCallAnsweredMs} ms); main stall max ${result.listLoadMainStallMaxMs} ms (p99 ${result.listLoadMainStallP99Ms} ms)`,
  );
  console.log(
    `  the app's own list (interactive): first row painted ${result.listAppFirstRenderMs} ms after navigation (the figure above is the entry script's first screen when it painted first, else the same)`,
  );
  console.log(
    `  start-up timeline (ms after navigation): entry script ran ${result.startEntryMs}, start-up calls sent ${result.startCallsSentMs}, first screen painted by the entry ${Number.isNaN(result.startFirstPaintMs) ? 'no (the app came first)' : result.startFirstPaintMs}, app code evaluated ${result.startAppCodeMs}, list page handed to React ${result.startListPageMs}, first row painted ${result.listFirstRenderMs}`,
  );
  console.log(
    `  conversation list opened from another screen: first row painted ${result.listSwitchFirstRenderMs} ms after the click (inbox.list sent at ${result.listSwitchCallStartMs} ms, answered at ${result.listSwitchCallAnsweredMs} ms); main stall max ${result.listSwitchMainStallMaxMs} ms`,
  );
  console.log(
    `  conversation list scrolling: p95 frame ${result.listScrollP95FrameMs} ms over ${result.listScrollFrames} frames (${listRows} rows in the DOM); main stall max ${result.listScrollMainStallMaxMs} ms`,
  );
  console.log(
    `  thread: first message painted ${result.threadFirstRenderMs} ms after the click (inbox.thread sent at ${result.threadCallStartMs} ms, answered at ${result.threadCallAnsweredMs} ms; ${result.threadMessagesAtFirstRender} messages loaded); main stall max ${result.threadOpenMainStallMaxMs} ms (p99 ${result.threadOpenMainStallP99Ms} ms). ${result.threadRehearsedBeforeClick ? 'The first real open, but not cold: the inbox had rehearsed the thread (a made-up one, offscreen, ThreadWarmup.tsx) when idle after the list painted' : 'A cold first open: the thread was not rehearsed before the click'}`,
  );
  console.log(
    `  thread scrolling up: p95 frame ${result.threadScrollP95FrameMs} ms over ${result.threadScrollFrames} frames (${result.threadMessagesLoaded} messages loaded by then); main stall max ${result.threadScrollMainStallMaxMs} ms`,
  );
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/inbox-render.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await inboxRenderBench();
}
