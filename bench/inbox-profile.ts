/**
 * Where the inbox's first paint goes, for profiling work (not a benchmark: it prints a CPU profile
 * summary and a timeline, no figures to compare). Same data and server as inbox-render.bench.ts,
 * with the renderer built unminified so the profile names React components and our functions.
 *
 *   npx tsx bench/inbox-profile.ts            (FRONTDESK_PROFILE_MINIFY=1 keeps the production minifier)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { REPO_ROOT } from '../e2e/build-renderer';
import { readProbe, startInboxRig, waitForProbe } from './inbox-render.bench';
import { stopCpuProfile, type CpuProfile } from './page-cpu';


/** Self time per function (ms), top `n`, plus total per script. */
function summarise(profile: CpuProfile, n = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
  const perFn = new Map<string, number>();
  const perUrl = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)?.callFrame;
    if (!f) continue;
    const file = f.url ? path.basename(f.url.split('?')[0] ?? '') : '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    perFn.set(key, (perFn.get(key) ?? 0) + ms);
    const u = file || f.functionName;
    perUrl.set(u, (perUrl.get(u) ?? 0) + ms);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const lines = [`  sampled ${total.toFixed(0)} ms over ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`];
  lines.push('  by script:');
  for (const [k, v] of [...perUrl].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  lines.push('  by function (self):');
  for (const [k, v] of [...perFn].sort((a, b) => b[1] - a[1]).slice(0, n)) lines.push(`    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  return lines.join('\n');
}

async function timeline(page: Page, since: number): Promise<string> {
  const script = `(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const out = [];
    if (${since} === 0 && nav) out.push(['document', nav.requestStart, nav.responseEnd, nav.domContentLoadedEventEnd]);
    for (const r of performance.getEntriesByType('resource')) if (r.startTime >= ${since}) out.push([r.name.replace(location.origin, '').replace(/\\?.*$/, ''), r.startTime, r.responseEnd, r.transferSize]);
    for (const m of performance.getEntriesByType('mark')) if (m.startTime >= ${since}) out.push(['mark ' + m.name, m.startTime, m.startTime, 0]);
    return out;
  })()`;
  const rows = (await page.evaluate(script)) as [string, number, number, number][];
  return rows
    .sort((a, b) => a[1] - b[1])
    .map(([name, start, end, extra]) => `    ${(start - since).toFixed(0).padStart(6)} → ${(end - since).toFixed(0).padStart(6)} ms  ${name}${extra ? ` (${extra})` : ''}`)
    .join('\n');
}

let lastMetrics = new Map<string, number>();
/** Chromium's own totals since the last call: script, style, layout (ms). */
async function metrics(cdp: CDPSession): Promise<string> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const now = new Map(list.map((m) => [m.name, m.value]));
  const names = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'RecalcStyleCount', 'LayoutCount', 'Nodes'];
  const out = names.map((name) => {
    const value = (now.get(name) ?? 0) - (name === 'Nodes' ? 0 : (lastMetrics.get(name) ?? 0));
    return `${name} ${name.endsWith('Duration') ? `${(value * 1000).toFixed(0)} ms` : value.toFixed(0)}`;
  });
  lastMetrics = now;
  return `  chromium: ${out.join(', ')}`;
}

async function profiled<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  await cdp.send('Profiler.start');
  const value = await run();
  const profile = await stopCpuProfile(cdp);
  return { value, profile };
}

const minify = process.env.FRONTDESK_PROFILE_MINIFY === '1';
const buildUnminified = (rendererDir: string) => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(REPO_ROOT, 'vite.renderer.config.ts'), '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'error', ...(minify ? [] : ['--minify', 'false'])], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' } });
  return undefined;
};
const { server, page, close } = await startInboxRig(buildUnminified, 'frontdesk-profile-inbox-');
try {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  // A warm-up load (the HTTP cache and V8's code cache as a second start of the app would have them).
  if (process.env.FRONTDESK_PROFILE_WARM === '1') {
    await page.goto(`${server.url}#/inbox`);
    await waitForProbe(page, 'rowPainted');
  }
  const list = await profiled(cdp, async () => {
    await page.goto(`${server.url}#/inbox`);
    return waitForProbe(page, 'rowPainted');
  });
  console.log(`list: first row painted at ${list.value.toFixed(0)} ms`);
  console.log(await metrics(cdp));
  console.log(await timeline(page, 0));
  console.log(summarise(list.profile));
  await page.locator('[data-testid="conversation-total"]', { hasText: '10,000' }).waitFor({ timeout: 30_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const thread = await profiled(cdp, async () => {
    await page.locator('[data-testid="conversation-row"]').first().click();
    const painted = await waitForProbe(page, 'messagePainted');
    return painted - ((await readProbe(page)).clickAt ?? NaN);
  });
  const clickAt = (await readProbe(page)).clickAt ?? 0;
  console.log(`thread: first message painted ${thread.value.toFixed(0)} ms after the click`);
  console.log(await metrics(cdp));
  console.log(await timeline(page, clickAt));
  console.log(summarise(thread.profile));
  fs.mkdirSync(path.join(REPO_ROOT, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, 'bench-results/inbox-list.cpuprofile'), JSON.stringify(list.profile));
  fs.writeFileSync(path.join(REPO_ROOT, 'bench-results/inbox-thread.cpuprofile'), JSON.stringify(thread.profile));
} finally {
  await close();
}
