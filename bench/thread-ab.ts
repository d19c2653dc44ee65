/**
 * The thread's first open, this checkout against another one, in alternation inside one process
 * and one Chromium (as inbox-ab.ts does for the list): each checkout gets the same data set
 * (inbox-render.bench.ts's seed: 10,000 conversations, the newest with 5,000 messages), its own
 * renderer build and its own server. Each round loads the inbox in a fresh page on each side, in
 * alternating order, waits for the list and its lazy parts, then opens the 5,000-message thread
 * (the first open in that page, as in inbox-render.bench.ts). Prints per round and medians with
 * new/old:
 *  - thread: click → first frame after a thread message is in the DOM (the bench's probe);
 *  - threadCpu: the page's main-thread CPU over the same span (until the probe is read, so it also
 *    holds what runs in the frames after the paint);
 *  - cpuToPaint: the page's main-thread CPU of the tasks that started between the click and that paint;
 *  - answered: when the inbox.thread call was answered, after the click;
 *  - and in how many rounds the inbox's rehearsal of the thread (ThreadWarmup.tsx, when the page
 *    is idle after the list paints) was over before the click (an older build has none).
 *
 *   npx tsx bench/thread-ab.ts <other checkout with node_modules> [rounds=6]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeTempDir } from '../electron/db/test-db';
import type { ThreadedDevServer } from '../electron/dev/dev-server';
import { REPO_ROOT } from '../e2e/build-renderer';
import { launchChromium } from '../e2e/browser';
import { pinSession } from '../e2e/harness';
import { CONVERSATIONS } from './inbox-data';
import { PAGE_PROBE, readProbe, waitForProbe } from './inbox-render.bench';
import { abSide, callAnsweredAt, mainThreadCpu, printMedians, type MainTask } from './page-cpu';

const other = process.argv[2];
if (!other || !fs.existsSync(path.join(other, 'node_modules'))) throw new Error('usage: npx tsx bench/thread-ab.ts <other checkout with node_modules> [rounds]');
const rounds = Number(process.argv[3] ?? 6);
const work = makeTempDir('frontdesk-thread-ab-');

const FIGURES = ['thread', 'threadCpu', 'cpuToPaint', 'answered'] as const;
const rehearsedFirst = { new: 0, old: 0 };
type Figure = (typeof FIGURES)[number];

interface Side {
  name: 'new' | 'old';
  server: ThreadedDevServer;
  sessionId: string;
  figures: Record<Figure, number[]>;
}

async function side(name: Side['name'], repo: string): Promise<Side> {
  return { name, ...(await abSide(path.join(work, name), repo)), figures: { thread: [], threadCpu: [], cpuToPaint: [], answered: [] } };
}

/** Clicks the nth conversation row; resolves with click → first thread message painted (ms). */
async function open(page: Page, nth: number): Promise<{ painted: number; clickAt: number }> {
  await page.locator('[data-testid="conversation-row"]').nth(nth).click();
  const painted = await waitForProbe(page, 'messagePainted');
  const clickAt = (await readProbe(page)).clickAt ?? NaN;
  return { painted: painted - clickAt, clickAt };
}

/** The CPU of the main-thread tasks that started from the click's task up to the paint (`painted` ms after the click). */
function cpuToPaint(run: { tasks: MainTask[]; clickTs: number }, painted: number): number {
  const clickTask = run.tasks.filter((t) => t.ts <= run.clickTs).at(-1)?.ts ?? run.clickTs;
  const paintTs = run.clickTs + painted * 1000;
  return run.tasks.filter((t) => t.ts >= clickTask && t.ts < paintTs).reduce((sum, t) => sum + t.cpuMs, 0);
}

const sides = [await side('new', REPO_ROOT), await side('old', path.resolve(other))];
const browser = await launchChromium();
try {
  for (let round = 0; round < rounds; round++) {
    for (const s of round % 2 === 0 ? sides : [...sides].reverse()) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await pinSession(page, s.sessionId);
      await page.addInitScript(PAGE_PROBE);
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`${s.server.url}#/inbox`);
      await page.locator('[data-testid="conversation-total"]', { hasText: CONVERSATIONS.toLocaleString('en-US') }).waitFor({ timeout: 30_000 });
      // Let the lazy parts and the count arrive: the click is timed, not what follows the start.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const first = await mainThreadCpu(cdp, () => open(page, 0));
      s.figures.thread.push(first.value.painted);
      s.figures.threadCpu.push(first.cpuMs);
      s.figures.cpuToPaint.push(cpuToPaint(first, first.value.painted));
      const answered = await callAnsweredAt(page, 'inbox.thread', first.value.clickAt);
      s.figures.answered.push(answered - first.value.clickAt);
      const rehearsed = (await page.evaluate(`performance.getEntriesByName('frontdesk:thread-rehearsed')[0]?.startTime ?? NaN`)) as number;
      if (rehearsed < first.value.clickAt) rehearsedFirst[s.name] += 1;
      await page.context().close();
    }
  }
} finally {
  await browser.close();
  for (const s of sides) await s.server.close();
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`thread A/B, ${rounds} alternating rounds (new = ${REPO_ROOT}, old = ${other})`);
const [now, old] = sides;
if (now && old) {
  printMedians(FIGURES, now.figures, old.figures);
}
console.log(`  the thread rehearsed before the click: new ${rehearsedFirst.new} of ${rounds} rounds, old ${rehearsedFirst.old} of ${rounds}`);
