/**
 * The app process for the start-up benchmark, bundled by startup.bench.ts into one plain .mjs so
 * the measured process loads nothing but this file, the stand-in `electron` module
 * (electron/main-thread/test-electron.ts) and the app's BUILT main bundle, which starts the BUILT
 * core worker as the shipped app does. No tsx, no benchmark data generator.
 *
 *   node startup-app.mjs <appDir>    (userData under $XDG_CONFIG_HOME, as the stand-in puts it)
 *
 * Once the window opens (main opens it right after the core reports ready) it reads memory at
 * core-ready, after the first inbox list and after four searches, through main's real IPC handler,
 * prints one `RESULT {...}` line and quits the app the normal way (the core closes cleanly).
 * Not counted: Electron's own browser-process overhead and the renderer, which are separate
 * processes (and Chromium's) in the real app.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HeapInfo } from 'node:v8';
import workerThreads from 'node:worker_threads';
import { fake, fakeElectronModule, FakeElectronStore, type FakeWebContents } from '../electron/main-thread/test-electron';
import { routeToStandIns } from '../electron/main-thread/stand-in/route-electron';

export interface MemoryPoint {
  /** The whole process: main thread, the core worker, SQLite, native code. */
  rssMb: number;
  mainHeapUsedMb: number;
  mainHeapTotalMb: number;
  workerHeapUsedMb: number;
  workerHeapTotalMb: number;
}

export interface AppRunResult {
  /** Node, the stand-in electron module and nothing else, before main's bundle is imported. */
  rssBeforeMb: number;
  readyMs: number;
  ready: MemoryPoint;
  list: MemoryPoint;
  search: MemoryPoint;
  workerResourceLimits: workerThreads.ResourceLimits | null;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

routeToStandIns({ electron: fakeElectronModule, 'electron-store': { default: FakeElectronStore } });

// Find the core worker main starts, to read its heap from outside without changing the app.
const workers: workerThreads.Worker[] = [];
const RealWorker = workerThreads.Worker;
// BENCH_WORKER_PROF=<dir> writes the core thread's own CPU profile there (node --cpu-prof).
const profileDir = process.env.BENCH_WORKER_PROF;
class SeenWorker extends RealWorker {
  constructor(file: string | URL, options: workerThreads.WorkerOptions = {}) {
    const o = profileDir ? { ...options, execArgv: [...(options.execArgv ?? []), '--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : options;
    super(file, o);
    workers.push(this);
  }
}
workerThreads.Worker = SeenWorker;
syncBuiltinESMExports();

const appDir = path.resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { main: string; productName?: string; name: string };
process.argv = [process.execPath, appDir];
fake.app.appPath = appDir;
fake.app.setPath('appData', process.env.XDG_CONFIG_HOME ?? '');
fake.app.setPath('home', process.env.HOME ?? appDir);
fake.app.setPath('temp', process.env.TMPDIR ?? '/tmp');
fake.app.getName = () => pkg.productName ?? pkg.name;
let failed = false;
fake.app.on('quit', () => setImmediate(() => process.exit(failed ? 1 : (fake.app.exitCode ?? 0))));

async function memory(): Promise<MemoryPoint> {
  const usage = process.memoryUsage();
  const worker = workers[0];
  const heap: HeapInfo | null = worker ? await worker.getHeapStatistics() : null;
  return {
    rssMb: mb(usage.rss),
    mainHeapUsedMb: mb(usage.heapUsed),
    mainHeapTotalMb: mb(usage.heapTotal),
    workerHeapUsedMb: mb(heap?.used_heap_size ?? 0),
    workerHeapTotalMb: mb(heap?.total_heap_size ?? 0),
  };
}

async function measure(contents: FakeWebContents, started: number): Promise<AppRunResult> {
  const readyMs = Math.round(performance.now() - started);
  const ready = await memory();
  const handler = fake.ipcHandlers.get('frontdesk:call') as ((event: unknown, name: string, input: unknown) => Promise<{ ok: boolean; error?: { message: string } }>) | undefined;
  if (!handler) throw new Error('main registered no call handler');
  const event = { sender: contents, senderFrame: contents.mainFrame };
  const must = async (name: string, input: unknown) => {
    const result = await handler(event, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error?.message ?? 'failed'}`);
  };
  await must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  await must('inbox.list', { filter: { status: 'open' }, limit: 50 });
  const list = await memory();
  for (const search of ['appointment', 'Bennett', '7700 900123', 'amoxicillin']) await must('inbox.list', { filter: { status: 'all' }, search, limit: 50 });
  const search = await memory();
  return { rssBeforeMb: mb(process.memoryUsage().rss), readyMs, ready, list, search, workerResourceLimits: workers[0]?.resourceLimits ?? null };
}

const rssBefore = mb(process.memoryUsage().rss);
const started = performance.now();
fake.app.once('web-contents-created', (_event: unknown, contents: FakeWebContents) => {
  measure(contents, started)
    .then((result) => process.stdout.write(`RESULT ${JSON.stringify({ ...result, rssBeforeMb: rssBefore })}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`startup-app: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      failed = true;
    })
    .finally(() => fake.app.quit());
});
await import(pathToFileURL(path.join(appDir, pkg.main)).href);
