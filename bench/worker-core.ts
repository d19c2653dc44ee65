/**
 * Shared pieces of the bulk benchmarks: the core on its worker thread as the app runs it (the
 * real worker entry through core-host), a database seeded from this thread before the worker
 * opens it, and the main thread's stall while work runs (a 5 ms timer's longest late tick plus
 * monitorEventLoopDelay's p99 and max). Not a benchmark itself (no .bench.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { CallName, EventName, InputOf, OutputOf } from '../shared/contract';
import type { CallResult } from '../shared/ipc/result';
import { FileSecretStore, JsonFileSettingsStore } from '../electron/foundation/file-stores';
import { memoryLogger } from '../electron/foundation/logger';
import { silentNotifier } from '../electron/foundation/ports';
import { systemClock } from '../electron/foundation/clock';
import { startCoreHost, type CoreHost } from '../electron/core-thread/core-host';
import { coreWorkerFile } from '../electron/core-thread/worker-file';
import { makeTempDir, MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { openDatabase } from '../electron/db/open-database';

export interface Stall {
  seconds: number;
  /** Longest gap between two ticks of a 5 ms timer beyond its interval. */
  stallMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const TICK_MS = 5;

/** Runs `work` while measuring this thread's event loop; waits a few ticks after, so a block at the end counts too. */
export async function measured<T>(work: () => Promise<T>): Promise<[T, Stall]> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  const start = performance.now();
  const value = await work();
  const seconds = (performance.now() - start) / 1000;
  await new Promise((resolve) => setTimeout(resolve, TICK_MS * 3));
  clearInterval(timer);
  lag.disable();
  return [
    value,
    {
      seconds: Math.round(seconds * 100) / 100,
      stallMs: Math.round(Math.max(0, worst)),
      loopDelayP99Ms: Math.round(lag.percentile(99) / 1e5) / 10,
      loopDelayMaxMs: Math.round(lag.max / 1e5) / 10,
    },
  ];
}

export const stallText = (s: Stall) => `main-thread stall ${s.stallMs} ms (event-loop delay p99 ${s.loopDelayP99Ms} ms, max ${s.loopDelayMaxMs} ms)`;

/** Creates the store in `dir` (migrations applied) and lets `fill` write to it from this thread, before any worker opens it. */
export function seedStore(dir: string, fill: (sqlite: Database.Database) => void): void {
  const opened = openDatabase({ file: path.join(dir, 'frontdesk.sqlite'), migrationsFolder: MIGRATIONS_FOLDER, clock: systemClock, logger: memoryLogger('warn') });
  try {
    opened.sqlite.transaction(() => fill(opened.sqlite))();
  } finally {
    opened.sqlite.close();
  }
}

/** The core host as the app starts it, over `dir`, with file-backed stores and no notifications: every worker bench's set-up. */
export function startBenchHost(dir: string, worker: { file: URL; execArgv: string[] } = coreWorkerFile()): CoreHost {
  return startCoreHost({
    workerFile: worker.file,
    execArgv: worker.execArgv,
    dataDir: dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    allowedOrigins: ['app://frontdesk'],
    logger: memoryLogger('warn'),
    logLevel: 'warn',
    secrets: new FileSecretStore(path.join(dir, 'secrets.json')),
    settings: new JsonFileSettingsStore(path.join(dir, 'settings.json')),
    notifier: silentNotifier,
  });
}

export interface WorkerCore {
  host: CoreHost;
  dir: string;
  must<N extends CallName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
  /** Resolves with the first event of that name whose payload passes `test`. */
  waitForEvent<E extends EventName>(name: E, test: (payload: unknown) => boolean): Promise<unknown>;
  close(): Promise<void>;
}

/** The core on its worker thread over `dir` (a fresh folder without one), ready, with an admin signed in. */
export async function startWorkerCore(options: { dir?: string; start?: boolean } = {}): Promise<WorkerCore> {
  const dir = options.dir ?? makeTempDir('frontdesk-bench-worker-');
  const worker = coreWorkerFile();
  // BENCH_WORKER_PROF=<dir> writes the core thread's own CPU profile there (node --cpu-prof).
  const execArgv = process.env.BENCH_WORKER_PROF ? [...worker.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`] : worker.execArgv;
  const host = startBenchHost(dir, { file: worker.file, execArgv });
  await host.ready;
  if (options.start) host.start();
  const sender = { transport: 'ipc' as const, url: 'app://frontdesk/index.html', isMainFrame: true };
  const must = async <N extends CallName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> => {
    const result = (await host.registry.invoke(name, input, { sessionKey: 'bench', sender })) as CallResult<OutputOf<N>>;
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
  await must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const waiting: Array<{ name: EventName; test: (payload: unknown) => boolean; resolve: (payload: unknown) => void }> = [];
  host.subscribe((name, payload) => {
    for (const w of [...waiting]) {
      if (w.name === name && w.test(payload)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  return {
    host,
    dir,
    must,
    waitForEvent: (name, test) => new Promise((resolve) => waiting.push({ name, test, resolve })),
    close: async () => {
      await host.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** N patients with one mobile each, tagged `all`, written straight into the store. */
export function seedPatients(sqlite: Database.Database, n: number): void {
  const patient = sqlite.prepare(`insert into patients (first_name, last_name, language, tags, created_at, updated_at) values (?, 'Bench', 'en', '["all"]', 0, 0)`);
  const phone = sqlite.prepare(`insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, 'phone', ?, 'mobile', 'ok', 1, 0, 0)`);
  for (let i = 0; i < n; i++) {
    const id = Number(patient.run(`P${i}`).lastInsertRowid);
    phone.run(id, `+1${String(2_000_000_000 + i)}`);
  }
}

/** A templated "closed on Friday" SMS broadcast to every patient, as a draft: what the queueing benches approve. */
export async function draftClosureBroadcast(core: WorkerCore): Promise<OutputOf<'broadcasts.createDraft'>> {
  const template = await core.must('templates.create', {
    name: 'Closed Friday',
    category: 'broadcast',
    purpose: 'transactional',
    fallbackLanguage: 'en',
    content: { en: { sms: { body: 'Hi {{ patient.firstName }}, {{ clinic.name }} is closed on Friday. Reply STOP to opt out.' } } },
  });
  return core.must('broadcasts.createDraft', { name: 'Closure', templateId: template.id, audience: { tags: ['all'] }, purpose: 'transactional' });
}
