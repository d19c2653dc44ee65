/** What the inbox's A/B scripts share: each side's set-up, main-thread CPU from a Chromium trace, call timings, medians. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { startThreadedDevServer, type ThreadedDevServer } from '../electron/dev/dev-server';
import { memoryLogger } from '../electron/foundation/logger';
import { seedInbox } from './inbox-data';
import { median as middle } from './stats';
import { signedInSession } from './inbox-render.bench';

/**
 * One side of an A/B run: inbox-render.bench.ts's data set seeded under `dir`, `repo`'s renderer
 * built with its own Vite config and node_modules, a threaded dev server serving both, and a
 * signed-in session on it.
 */
export async function abSide(dir: string, repo: string): Promise<{ server: ThreadedDevServer; sessionId: string }> {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  seedInbox(path.join(dir, 'data'), Date.now());
  const vite = path.join(repo, 'node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', path.join(repo, 'vite.renderer.config.ts'), '--outDir', path.join(dir, 'renderer'), '--emptyOutDir', '--logLevel', 'error'], { cwd: repo, env: { ...process.env, NODE_ENV: 'production' } });
  const server = await startThreadedDevServer({ dataDir: path.join(dir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: path.join(dir, 'renderer'), logger: memoryLogger() });
  return { server, sessionId: await signedInSession(server) };
}

interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/** One task on the page's main thread: start (trace clock, µs) and thread time (ms). */
export interface MainTask {
  ts: number;
  cpuMs: number;
}

/**
 * The page's main-thread CPU time (ms) while `run` runs: the sum of its tasks' thread time in a
 * Chromium trace. Unlike the wall-clock figures it does not grow while the machine's other work
 * holds the CPU, so it is the steadier one to compare on a shared machine.
 */
export async function mainThreadCpu<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ value: T; cpuMs: number; tasks: MainTask[]; clickTs: number }> {
  const events: TraceEvent[] = [];
  // Trace events are plain objects whose fields depend on the event; these are the ones read here.
  const collect = (data: { value: object[] }) => events.push(...(data.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,__metadata', transferMode: 'ReportEvents' });
  const value = await run();
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('the trace names no renderer main thread');
  const onMain = (e: TraceEvent) => e.pid === main.pid && e.tid === main.tid;
  const tasks = events.filter((e) => e.name === 'RunTask' && onMain(e)).map((e) => ({ ts: e.ts, cpuMs: (e.tdur ?? 0) / 1000 }));
  // The first click dispatched in the span, to put the page's clock on the trace's.
  const clickTs = events.find((e) => e.name === 'EventDispatch' && onMain(e) && e.args?.data?.type === 'click')?.ts ?? NaN;
  return { value, cpuMs: tasks.reduce((sum, t) => sum + t.cpuMs, 0), tasks, clickTs };
}

/** The median of a side's figures; NaN (a figure an older build does not mark) is left out. */
export const median = (xs: number[]): number => middle(xs.filter((x) => !Number.isNaN(x)));

/** When the page had the answer to `call` (ms after navigation) for the first request of it made at or after `since`; NaN if none. */
export async function callAnsweredAt(page: Page, call: string, since: number): Promise<number> {
  return (await page.evaluate(`(() => {
    const e = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/call/${call}') && r.startTime >= ${since});
    return e ? e.responseEnd : NaN;
  })()`)) as number;
}

/** Prints each figure's rounds, median and worst round for both sides, with new/old (of the medians). */
export function printMedians(figures: readonly string[], now: Record<string, number[]>, old: Record<string, number[]>): void {
  const width = Math.max(...figures.map((f) => f.length)) + 2;
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' ');
  for (const key of figures) {
    const a = median(now[key] ?? []);
    const b = median(old[key] ?? []);
    const worst = (xs: number[]) => Math.round(Math.max(...xs.filter((x) => !Number.isNaN(x))));
    console.log(`  ${key.padEnd(width)} new ${fmt(now[key] ?? [])} (median ${Math.round(a)}, worst ${worst(now[key] ?? [])})  old ${fmt(old[key] ?? [])} (median ${Math.round(b)}, worst ${worst(old[key] ?? [])})  new/old ${(a / b).toFixed(2)}`);
  }
}

/** A frame of a V8 CPU profile (the DevTools protocol's Runtime.CallFrame, the fields read here). */
export interface CpuFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
/** A stopped V8 CPU profile (the protocol's Profiler.Profile, the fields read here). */
export interface CpuProfile {
  nodes: { id: number; callFrame: CpuFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * Stops the page's sampling profiler and returns its profile. A stopped profile always carries
 * its samples; the protocol marks them optional, so an empty list stands in.
 */
export async function stopCpuProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  return { ...profile, samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] };
}
