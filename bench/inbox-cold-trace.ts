/**
 * Where a cold navigation to the inbox spends its time up to the first row painted: one build, one
 * server, fresh pages; prints per-resource request/response times (Resource Timing), the start-up
 * marks, first paint and the main thread's busy time by trace event (ParseAuthorStyleSheet,
 * EvaluateScript, UpdateLayoutTree, Layout, Paint...) before the first row.
 *
 *   npx tsx bench/inbox-cold-trace.ts [rounds=3] [--no-css]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { startThreadedDevServer } from '../electron/dev/dev-server';
import { memoryLogger } from '../electron/foundation/logger';
import { REPO_ROOT } from '../e2e/build-renderer';
import { launchChromium } from '../e2e/browser';
import { pinSession } from '../e2e/harness';
import { seedInbox } from './inbox-data';
import { PAGE_PROBE, signedInSession, waitForProbe } from './inbox-render.bench';

const rounds = Number(process.argv[2] ?? 3);
const repo = REPO_ROOT;
// The ceiling of any change to the stylesheet: the page without it (the picture is unstyled; only the timing counts).
const alsoWithoutCss = process.argv[3] === '--no-css';
const rows: Record<'css' | 'noCss', number[]> = { css: [], noCss: [] };
const dir = makeTempDir('frontdesk-inbox-trace-');
fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
seedInbox(path.join(dir, 'data'), Date.now());
execFileSync(process.execPath, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(repo, 'vite.renderer.config.ts'), '--outDir', path.join(dir, 'renderer'), '--emptyOutDir', '--logLevel', 'error'], { cwd: repo, env: { ...process.env, NODE_ENV: 'production' } });
const server = await startThreadedDevServer({ dataDir: path.join(dir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: path.join(dir, 'renderer'), logger: memoryLogger() });
const sessionId = await signedInSession(server);
const browser = await launchChromium();
const SHOWN = new Set(['ParseAuthorStyleSheet', 'RuleSet::addRulesFromSheet', 'UpdateLayoutTree', 'Layout', 'v8.evaluateModule', 'v8.compileModule', 'ResponseBodyLoader::DidFinishLoadingBody', 'ParseHTML', 'FunctionCall', 'Paint']);
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { data?: { url?: string; frame?: string } } }
try {
  for (let n = 0; n < rounds * (alsoWithoutCss ? 2 : 1); n++) {
    const round = alsoWithoutCss ? Math.floor(n / 2) : n;
    // Alternating which goes first, as inbox-ab.ts does.
    const withoutCss = alsoWithoutCss && (n % 2 === 0) === (round % 2 === 0);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await pinSession(page, sessionId);
    await page.addInitScript(PAGE_PROBE);
    // Both sides go through the same interception, so its cost is in both.
    if (alsoWithoutCss) {
      await page.route(`${server.url}`, async (route) => {
        const response = await route.fetch();
        const html = await response.text();
        // The linked stylesheet, or (since the first screen's rules are inline) those rules and the stylesheet's preload.
        const bare = html.replace(/<link rel="stylesheet"[^>]*>/, '').replace(/<style data-first-screen-css>[\s\S]*?<\/style>/, '').replace(/<link [^>]*data-full-stylesheet[^>]*>/, '');
        await route.fulfill({ response, body: withoutCss ? bare : html });
      });
    }
    const cdp = await page.context().newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => {
      events.push(...(e.value as unknown as TraceEvent[]));
    });
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink.user_timing,v8.execute,blink,loading', transferMode: 'ReportEvents' });
    await page.goto(`${server.url}#/inbox`);
    const row = await waitForProbe(page, 'rowPainted');
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    const timing = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseStart), Math.round(r.responseEnd), r.renderBlockingStatus, r.transferSize]);
      const marks = performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]);
      const paints = performance.getEntriesByType('paint').map((p) => [p.name, Math.round(p.startTime)]);
      return { nav: [Math.round(nav.responseStart), Math.round(nav.responseEnd), Math.round(nav.domInteractive)], res, marks, paints };
    })()`)) as { nav: number[]; res: unknown[][]; marks: unknown[][]; paints: unknown[][] };
    // Main-thread busy time by event, before the row: the renderer's main thread is the one with the most EvaluateScript.
    const navStart = events.find((e) => e.name === 'navigationStart' || e.name === 'TracingStartedInBrowser')?.ts ?? 0;
    const tids = new Map<number, number>();
    for (const e of events) if (e.name === 'EvaluateScript' || e.name === 'ParseAuthorStyleSheet') tids.set(e.tid, (tids.get(e.tid) ?? 0) + 1);
    const main = [...tids.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const rowTs = navStart + row * 1000;
    const busy = new Map<string, number>();
    for (const e of events) {
      if (e.tid !== main || e.ph !== 'X' || !e.dur || e.ts > rowTs + 50_000) continue;
      if (['ParseAuthorStyleSheet', 'EvaluateScript', 'v8.compile', 'UpdateLayoutTree', 'Layout', 'Paint', 'ParseHTML', 'FunctionCall', 'PrePaint', 'Layerize', 'RunTask', 'TimerFire', 'EventDispatch', 'v8.evaluateModule', 'CompileScript'].includes(e.name)) busy.set(e.name, (busy.get(e.name) ?? 0) + e.dur / 1000);
    }
    const long = events.filter((e) => e.tid === main && e.ph === 'X' && (e.dur ?? 0) > 4000 && e.ts < rowTs && SHOWN.has(e.name)).map((e) => `${e.name}@${Math.round((e.ts - navStart) / 1000)}+${Math.round(e.dur! / 1000)}${e.args?.data?.url ? ' ' + e.args.data.url.replace(/.*\//, '') : ''}`);
    const sheets = events.filter((e) => e.tid === main && e.name === 'ParseAuthorStyleSheet' && e.dur).map((e) => [Math.round(e.dur! / 1000), e.args?.data?.url ?? ''].join(' ms '));
    rows[withoutCss ? 'noCss' : 'css'].push(row);
    console.log(`round ${round}${withoutCss ? ' without the stylesheet' : ''}: row ${Math.round(row)} ms; html responseStart/End/domInteractive ${timing.nav.join('/')}`);
    for (const r of timing.res) console.log('  res', JSON.stringify(r));
    console.log('  marks', JSON.stringify(timing.marks), 'paints', JSON.stringify(timing.paints));
    console.log('  main-thread ms (nested events overlap):', JSON.stringify(Object.fromEntries([...busy].map(([k, v]) => [k, Math.round(v)]))));
    console.log('  main-thread events > 4 ms before the row (start+dur, ms from trace start):', long.join(', '));
    console.log('  stylesheet parse:', sheets.join('; '));
    await page.context().close();
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(`first row, median: with the stylesheet ${Math.round(median(rows.css))} ms (${rows.css.length})${alsoWithoutCss ? `, without it ${Math.round(median(rows.noCss))} ms (${rows.noCss.length})` : ''}`);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
