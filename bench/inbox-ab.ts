/**
 * The inbox's first paints, this checkout against another one, in alternation inside one process
 * and one Chromium: on a machine shared with other work, runs of inbox-render.bench.ts minutes
 * apart differ more than the changes being measured. Each checkout gets its own data set (the
 * same seed), its own renderer build and its own server; each round opens a fresh page (no HTTP
 * cache) on each, in alternating order, and times the first conversation row after navigation
 * and the first thread message after a click (the probe of inbox-render.bench.ts: `list` is the
 * first row painted, the entry script's first screen's or the app's, `appList` the app's own), with
 * when the list's first page was answered, the start-up marks (entry script ran, all its calls'
 * answers in the page's hands (`answers`; not in the old checkout's build), first screen
 * painted by the entry, app code evaluated, list page handed to React) and when the
 * thread's call was answered, and the page's main-thread CPU time for each of the two (listCpu,
 * threadCpu; the latter runs until the probe is read, up to 20 ms past the paint). Prints each
 * figure per round and the medians with new/old.
 *
 *   npx tsx bench/inbox-ab.ts <other checkout with node_modules> [rounds=6] [--list-only]
 *
 * `--list-only` stops each round once the app's own list is in (no thread click): twice the rounds
 * in the same time, for changes to the start only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../electron/db/test-db';
import type { ThreadedDevServer } from '../electron/dev/dev-server';
import { REPO_ROOT } from '../e2e/build-renderer';
import { launchChromium } from '../e2e/browser';
import { pinSession } from '../e2e/harness';
import { CONVERSATIONS } from './inbox-data';
import { PAGE_PROBE, readProbe, waitForProbe } from './inbox-render.bench';
import { abSide, callAnsweredAt, mainThreadCpu, median, printMedians } from './page-cpu';

const other = process.argv[2];
if (!other || !fs.existsSync(path.join(other, 'node_modules'))) throw new Error('usage: npx tsx bench/inbox-ab.ts <other checkout with node_modules> [rounds]');
const rounds = Number(process.argv[3] ?? 6);
const listOnly = process.argv.includes('--list-only');
const work = makeTempDir('frontdesk-inbox-ab-');

const FIGURES = ['list', 'appList', 'listCpu', 'entry', 'listAnswered', 'answers', 'firstPaint', 'appCode', 'listPage', 'thread', 'threadCpu', 'threadAnswered'] as const;
type Figure = (typeof FIGURES)[number];

interface Side {
  name: 'new' | 'old';
  server: ThreadedDevServer;
  sessionId: string;
  figures: Record<Figure, number[]>;
}

async function side(name: Side['name'], repo: string): Promise<Side> {
  return { name, ...(await abSide(path.join(work, name), repo)), figures: { list: [], appList: [], listCpu: [], entry: [], listAnswered: [], answers: [], firstPaint: [], appCode: [], listPage: [], thread: [], threadCpu: [], threadAnswered: [] } };
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
      const list = await mainThreadCpu(cdp, async () => {
        await page.goto(`${s.server.url}#/inbox`);
        return waitForProbe(page, 'rowPainted');
      });
      s.figures.list.push(list.value);
      s.figures.listCpu.push(list.cpuMs);
      s.figures.appList.push(await waitForProbe(page, 'appRowPainted'));
      s.figures.listAnswered.push((await page.evaluate(`performance.getEntriesByType('resource').find((r) => r.name.includes('/api/call/inbox.list'))?.responseEnd ?? NaN`)) as number);
      for (const [figure, mark] of [['entry', 'entry'], ['answers', 'answers'], ['firstPaint', 'first-paint'], ['appCode', 'app-code'], ['listPage', 'list-page']] as const) {
        s.figures[figure].push((await page.evaluate(`performance.getEntriesByName('frontdesk:${mark}')[0]?.startTime ?? NaN`)) as number);
      }
      if (listOnly) {
        await page.context().close();
        continue;
      }
      await page.locator('[data-testid="conversation-total"]', { hasText: CONVERSATIONS.toLocaleString('en-US') }).waitFor({ timeout: 30_000 });
      // Let the lazy parts and the count arrive: the click is timed, not what follows the start.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // A different conversation each round: the first open of each is audited (a write).
      const thread = await mainThreadCpu(cdp, async () => {
        await page.locator('[data-testid="conversation-row"]').nth(round).click();
        return waitForProbe(page, 'messagePainted');
      });
      const painted = thread.value;
      s.figures.threadCpu.push(thread.cpuMs);
      const clickAt = (await readProbe(page)).clickAt ?? NaN;
      const answered = await callAnsweredAt(page, 'inbox.thread', clickAt);
      s.figures.thread.push(painted - clickAt);
      s.figures.threadAnswered.push(answered - clickAt);
      await page.context().close();
    }
  }
} finally {
  await browser.close();
  for (const s of sides) await s.server.close();
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`inbox A/B, ${rounds} alternating rounds (new = ${REPO_ROOT}, old = ${other})`);
const [now, old] = sides;
if (now && old) {
  printMedians(
    FIGURES.filter((f) => !listOnly || !f.startsWith('thread')),
    now.figures,
    old.figures,
  );
  // Each round's two pages ran back to back, under the same load: their ratio is steadier than the medians'.
  const paired = (f: Figure) => median(now.figures[f].map((x, i) => x / (old.figures[f][i] ?? NaN))).toFixed(2);
  console.log(`  paired: list new/old per round, median ${paired('list')}; listCpu ${paired('listCpu')}; appList ${paired('appList')}`);
}
