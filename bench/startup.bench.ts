/**
 * Start-up on the 1,000,000-message database: time to "core ready" (worker started, database
 * checked, copied and migrated if it must be, services built), and the resident memory of the
 * process that hosts main and the core worker after start-up, after an inbox list and after a
 * search (goal ≤ 300 MB). Three runs, each in a fresh process so memory is its own:
 * - a new, empty database (the floor);
 * - the 1M database before 0007, so the migration builds the name, phone and prefix indexes;
 * - the 1M database already migrated (every later start);
 * the empty and migrated runs again with the worker bundled as the app ships it (the tsx loader
 * that compiles TypeScript in each thread accounts for a few hundred MB of its own). This main
 * thread runs under tsx either way.
 *
 *   npx tsx bench/startup.bench.ts     (or `npm run bench -- startup`)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coreWorkerFile } from '../electron/core-thread/worker-file';
import { DB_FILE_NAME } from '../electron/core-thread/create-core';
import { makeTempDir } from '../electron/db/test-db';
import { cachedSearchDatabase, copySearchDatabase, MESSAGES } from './search-data';
import { startBenchHost } from './worker-core';

type Stage = 'empty' | 'beforeIndex' | 'migrated';
/** `tsx`: the worker compiles its TypeScript as it loads (tests, dev); `bundle`: one built file, as the app ships it. */
type WorkerCode = 'tsx' | 'bundle';
interface RunResult {
  stage: Stage;
  code: WorkerCode;
  /** This process before the worker starts: node, the tsx loader and the main side's modules. */
  rssBeforeMb: number;
  readyMs: number;
  rssReadyMb: number;
  rssListMb: number;
  rssSearchMb: number;
  heapMb: number;
  fileMb: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const BUNDLE = path.join(root, 'bench-results', 'startup-worker', 'core-worker.mjs');

/** The worker entry bundled as electron-vite builds it (dependencies external), with esbuild. */
function bundleWorker(): void {
  const build = spawnSync(
    path.join(root, 'node_modules/esbuild/bin/esbuild'),
    [path.join(root, 'electron/core-thread/worker-entry.ts'), '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${BUNDLE}`, '--log-level=warning'],
    { encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`bundling the worker failed: ${build.stderr}`);
}

async function runStage(stage: Stage, code: WorkerCode): Promise<RunResult> {
  const dir = makeTempDir('frontdesk-bench-startup-');
  try {
    if (stage !== 'empty') copySearchDatabase(stage, dir, DB_FILE_NAME);
    const fileMb = stage === 'empty' ? 0 : mb(fs.statSync(path.join(dir, DB_FILE_NAME)).size);
    const worker = code === 'bundle' ? { file: pathToFileURL(BUNDLE), execArgv: [] } : coreWorkerFile();
    const rssBeforeMb = mb(process.memoryUsage().rss);
    const started = performance.now();
    const host = startBenchHost(dir, worker);
    try {
      await host.ready;
      const readyMs = Math.round(performance.now() - started);
      const rssReadyMb = mb(process.memoryUsage().rss);
      const context = { sessionKey: 'bench', sender: { transport: 'ipc' as const, url: 'app://frontdesk/index.html', isMainFrame: true } };
      const must = async (name: 'auth.setupAdmin' | 'inbox.list', input: unknown) => {
        const result = await host.registry.invoke(name, input, context);
        if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      };
      await must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
      await must('inbox.list', { filter: { status: 'open' }, limit: 50 });
      const rssListMb = mb(process.memoryUsage().rss);
      for (const search of ['appointment', 'Bennett', '7700 900123', 'amoxicillin']) await must('inbox.list', { filter: { status: 'all' }, search, limit: 50 });
      const rssSearchMb = mb(process.memoryUsage().rss);
      return { stage, code, rssBeforeMb, readyMs, rssReadyMb, rssListMb, rssSearchMb, heapMb: mb(process.memoryUsage().heapUsed), fileMb };
    } finally {
      await host.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const child = process.argv.indexOf('--stage');
if (child >= 0) {
  const result = await runStage(process.argv[child + 1] as Stage, process.argv[child + 2] as WorkerCode);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} else {
  // Build the cached databases first, so no run times the generator.
  cachedSearchDatabase('beforeIndex');
  cachedSearchDatabase('migrated');
  bundleWorker();
  const labels: Record<Stage, string> = { empty: 'new empty database', beforeIndex: '1M, 0007 builds its indexes', migrated: '1M, already migrated' };
  const runs: Array<[Stage, WorkerCode]> = [
    ['empty', 'tsx'],
    ['beforeIndex', 'tsx'],
    ['migrated', 'tsx'],
    ['empty', 'bundle'],
    ['migrated', 'bundle'],
  ];
  console.log(`start-up: ${MESSAGES.toLocaleString()} messages; core ready = worker started, database checked and migrated, services built`);
  console.log(`  ${'run'.padEnd(30)} ${'worker'.padEnd(7)} ${'file MB'.padStart(8)} ${'before'.padStart(7)} ${'ready ms'.padStart(9)} ${'RSS ready'.padStart(10)} ${'+ list'.padStart(8)} ${'+ search'.padStart(9)}   (MB; goal ≤ 300)`);
  const results: RunResult[] = [];
  for (const [stage, code] of runs) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--stage', stage, code], { encoding: 'utf8', env: process.env, maxBuffer: 16 * 1024 * 1024 });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) throw new Error(`start-up run ${stage} failed (exit ${String(run.status)}): ${run.stderr.slice(-2000)}`);
    const r = JSON.parse(line.slice('RESULT '.length)) as RunResult;
    results.push(r);
    console.log(`  ${labels[stage].padEnd(30)} ${code.padEnd(7)} ${String(r.fileMb).padStart(8)} ${String(r.rssBeforeMb).padStart(7)} ${String(r.readyMs).padStart(9)} ${String(r.rssReadyMb).padStart(10)} ${String(r.rssListMb).padStart(8)} ${String(r.rssSearchMb).padStart(9)}`);
  }
  for (const code of ['tsx', 'bundle'] as WorkerCode[]) {
    const empty = results.find((r) => r.stage === 'empty' && r.code === code);
    const migrated = results.find((r) => r.stage === 'migrated' && r.code === code);
    if (empty && migrated) {
      console.log(`  ${code}: ready 1M migrated ÷ empty ${(migrated.readyMs / Math.max(1, empty.readyMs)).toFixed(2)}; RSS after search, 1M − empty: ${migrated.rssSearchMb - empty.rssSearchMb} MB`);
    }
  }
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/startup.json'), `${JSON.stringify({ messages: MESSAGES, results }, null, 2)}\n`);
}
