/**
 * Where a thread's first open goes, click → first message painted, for profiling work (not a
 * benchmark: it prints summaries, no figures to compare). Same data and server as
 * inbox-render.bench.ts, the renderer built unminified so the profile names our components.
 * Each round is a fresh page (the first open in that page, as in thread-ab.ts), with V8's
 * sampling profiler at 100 µs and a Chromium trace over the same span. Prints, summed over the
 * rounds: self and total time per function, the main thread's trace events by name (style,
 * layout, paint, script), the span's long tasks in order, and how many message rows the DOM held
 * when the first one painted.
 *
 *   npx tsx bench/thread-profile.ts [rounds=5]     (FRONTDESK_PROFILE_MINIFY=1 keeps the minifier)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { REPO_ROOT } from '../e2e/build-renderer';
import { pinSession } from '../e2e/harness';
import { PAGE_PROBE, readProbe, startInboxRig, waitForProbe } from './inbox-render.bench';
import { stopCpuProfile, type CpuFrame, type CpuProfile } from './page-cpu';

/** The session signedInSession (inbox-render.bench.ts) signs in. */
const BENCH_SESSION = 'bench-session';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** A user-timing mark at the click (after the probe's own listener), to put the page's clock on the trace's. */
const MARKS = `addEventListener('click', () => performance.mark('probe:click'), true);`;

/**
 * What each React commit after the click rendered: React calls a devtools hook on every commit
 * when one is installed, even in production builds, and marks each fiber whose component ran
 * in that render (PerformedWork, flag 1). Counts per component name, with the commit's time.
 */
const COMMITS = `(() => {
  const commits = [];
  window.__threadCommits = commits;
  const seen = new WeakMap();
  const nameOf = (type) => (typeof type === 'function' ? type.displayName || type.name : type && typeof type === 'object' ? (type.displayName || (type.render && (type.render.displayName || type.render.name)) || (type.type && (type.type.displayName || type.type.name)) || '') : '') || '';
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), inject() { return 1; }, onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot(id, root) {
      // A component ran in this commit if its props or state object differs from what the last
      // commit left on the same fiber pair (a bailed-out subtree keeps both); new fibers count too.
      const recording = window.__inboxProbe && window.__inboxProbe.clickAt !== null;
      const counts = {};
      let total = 0;
      const stack = [root.current];
      while (stack.length) {
        const f = stack.pop();
        if (typeof f.type !== 'string' && f.type) {
          const last = seen.get(f) || (f.alternate && seen.get(f.alternate));
          const ran = !last || last[0] !== f.memoizedProps || last[1] !== f.memoizedState;
          seen.set(f, [f.memoizedProps, f.memoizedState]);
          if (f.alternate) seen.delete(f.alternate);
          if (ran && recording) { const n = nameOf(f.type) || '?'; counts[n] = (counts[n] || 0) + 1; total++; }
        }
        if (f.child) stack.push(f.child);
        if (f.sibling) stack.push(f.sibling);
      }
      if (!recording) return;
      commits.push({ at: performance.now(), total, counts, rows: document.querySelectorAll('[data-testid="thread-message"]').length });
    },
  };
})();`;

const rounds = Number(process.argv[2] ?? 5);
const selfMs = new Map<string, number>();
const totalMs = new Map<string, number>();
const traceMs = new Map<string, number>();
const frameName = (f: CpuFrame) => `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url.split('?')[0] ?? '') : ''}:${f.lineNumber + 1}`;
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);

const componentMs = new Map<string, number>();
const phaseMs = new Map<string, number>();
/** A React component of ours or Blueprint's: a capitalised function in the app's scripts. */
const isComponent = (f: CpuFrame) => /^[A-Z][A-Za-z0-9]*$/.test(f.functionName) && f.url.includes('/assets/');

const phaseSelf = new Map<string, Map<string, number>>();
const phaseTotal = new Map<string, Map<string, number>>();
const PHASES = ['1 click → answer', '2 answer → first commit with rows', '3 that commit → paint'] as const;

/** Adds the samples taken between `from` and `to` (trace clock, µs), in phases split at the answer and at the first commit that held rows. */
function addProfile(profile: CpuProfile, from: number, to: number, answeredAt: number, committedAt: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    const name = node.callFrame.functionName;
    const phase = at < answeredAt ? PHASES[0] : at < committedAt ? PHASES[1] : PHASES[2];
    if (name !== '(idle)') add(phaseMs, `${phase} (busy)`, ms);
    add(selfMs, frameName(node.callFrame), ms);
    if (!phaseSelf.has(phase)) phaseSelf.set(phase, new Map());
    if (!phaseTotal.has(phase)) phaseTotal.set(phase, new Map());
    add(phaseSelf.get(phase) ?? new Map(), frameName(node.callFrame), ms);
    const seenHere = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const frame = byId.get(up)?.callFrame;
      if (!frame) break;
      const key = frameName(frame);
      if (!seenHere.has(key)) add(phaseTotal.get(phase) ?? new Map(), key, ms);
      seenHere.add(key);
    }
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const frame = byId.get(up)?.callFrame;
      if (frame && isComponent(frame)) {
        add(componentMs, frame.functionName, ms);
        break;
      }
    }
    // Total time: each function once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const key = frameName(frame);
      if (!seen.has(key)) add(totalMs, key, ms);
      seen.add(key);
    }
  });
}

async function traced<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ value: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }) => events.push(...(data.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,__metadata', transferMode: 'ReportEvents' });
  const value = await run();
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  return { value, events };
}

const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `    ${(v / rounds).toFixed(1).padStart(7)} ms  ${k}`)
    .join('\n');

const minify = process.env.FRONTDESK_PROFILE_MINIFY === '1';
const build = (rendererDir: string) => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(REPO_ROOT, 'vite.renderer.config.ts'), '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'error', ...(minify ? [] : ['--minify', 'false'])], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' } });
  return undefined;
};
const rig = await startInboxRig(build, 'frontdesk-thread-profile-');
try {
  const { browser, server } = rig;
  await rig.page.close();
  for (let round = 0; round < rounds; round++) {
    // A fresh page as in thread-ab.ts: no HTTP cache, the thread's first open in it.
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const context = page.context();
    await pinSession(page, BENCH_SESSION);
    await page.addInitScript(PAGE_PROBE);
    await page.addInitScript(MARKS);
    await page.addInitScript(COMMITS);
    const cdp = await context.newCDPSession(page);
    await page.goto(`${server.url}#/inbox`);
    await page.locator('[data-testid="conversation-total"]', { hasText: '10,000' }).waitFor({ timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const { value: rows, events } = await traced(cdp, async () => {
      await page.locator('[data-testid="conversation-row"]').first().click();
      await waitForProbe(page, 'messagePainted');
      return (await page.evaluate(`document.querySelectorAll('[data-testid="thread-message"]').length`)) as number;
    });
    if (process.env.FRONTDESK_PROFILE_HEIGHTS === '1' && round === 0) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      console.log(await page.evaluate(`JSON.stringify({ box: [document.querySelector('[data-testid="thread"]').clientWidth, document.querySelector('[data-testid="thread"]').clientHeight], rows: [...document.querySelectorAll('[data-index]')].map((e) => [e.offsetHeight, (e.querySelector('.fd-msg-body') || e).textContent.length, e.querySelector('[data-testid="held-notice"]') ? 'held' : '', e.querySelector('.fd-msg-subject') ? 'subj' : ''].join(':')) })`));
    }
    const profile = await stopCpuProfile(cdp);
    const probe = await readProbe(page);
    const answered = (await page.evaluate(`performance.getEntriesByType('resource').find((r) => r.name.includes('/api/call/inbox.thread') && r.startTime >= ${probe.clickAt ?? 0})?.responseEnd ?? NaN`)) as number;
    // The probe's marks put the page's clock (performance.now) on the trace's.
    const mark = (name: string) => events.find((e) => e.name === name && e.ph !== 'e')?.ts ?? NaN;
    const clickTs = mark('probe:click');
    const toTrace = (perfMs: number) => clickTs + (perfMs - (probe.clickAt ?? NaN)) * 1000;
    const paintTs = toTrace(probe.messagePainted ?? NaN);
    const commits = (await page.evaluate('window.__threadCommits')) as { at: number; total: number; rows: number; counts: Record<string, number> }[];
    addProfile(profile, clickTs, paintTs, toTrace(answered), toTrace(commits.find((c) => c.rows > 0)?.at ?? NaN));
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const mine = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= clickTs && e.ts <= paintTs);
    for (const e of mine) if (e.name !== 'RunTask') add(traceMs, e.name, (e.dur ?? 0) / 1000);
    const tasks = mine.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= 2000).sort((a, b) => a.ts - b.ts);
    const t0 = tasks[0]?.ts ?? 0;
    const inside = (task: TraceEvent) =>
      mine
        .filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0) && (e.dur ?? 0) >= 1000)
        .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}`)
        .slice(0, 6)
        .join(', ');
    console.log(`round ${round + 1}: painted ${((probe.messagePainted ?? NaN) - (probe.clickAt ?? NaN)).toFixed(0)} ms after the click, answered at ${(answered - (probe.clickAt ?? NaN)).toFixed(0)} ms, ${rows} message rows in the DOM`);
    for (const c of commits.filter((c) => c.at <= (probe.messagePainted ?? 0) + 50)) {
      const named = Object.entries(c.counts)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      console.log(`    commit at +${(c.at - (probe.clickAt ?? 0)).toFixed(0)} ms: ${c.total} components rendered, ${c.rows} rows in the DOM: ${named}`);
    }
    for (const task of tasks) console.log(`    task at +${((task.ts - t0) / 1000).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(1)} ms: ${inside(task)}`);
    await context.close();
  }
  console.log(`\nper round (mean of ${rounds}), main-thread trace events by name (nested ones overlap):`);
  console.log(top(traceMs, 22));
  console.log('\nbusy time, click → paint:');
  console.log(top(phaseMs, 3));
  for (const phase of PHASES) {
    console.log(`\n${phase}, self:`);
    console.log(top(phaseSelf.get(phase) ?? new Map(), 14));
    console.log(`${phase}, total:`);
    console.log(top(phaseTotal.get(phase) ?? new Map(), 25));
  }
  console.log('\nby innermost component (render and its own hooks):');
  console.log(top(componentMs, 25));
  console.log('\nby function, self:');
  console.log(top(selfMs, 30));
  console.log('\nby function, total (inclusive):');
  console.log(top(totalMs, 45));
} finally {
  await rig.close();
}
