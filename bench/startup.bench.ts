/**
 * Start-up on the 1,000,000-message database, measured on the process the app actually is: the
 * BUILT main bundle (electron/main-thread/main.ts) running the BUILT core worker, under plain Node
 * with the stand-in `electron` module, in a child process that loads nothing else (no tsx, no data
 * generator; see bench/startup-app.ts). Figures: time to "core ready" (worker started, database
 * checked, copied and migrated if it must be, services built; main opens the window right after),
 * and the process's resident memory (goal ≤ 300 MB) with main's and the worker's V8 heaps, at
 * core-ready, after the first inbox list and after four searches. Three runs, each in a fresh
 * process: a new empty database (the floor), the 1M database before 0007 (the migration builds
 * its indexes), and the 1M database already migrated (every later start).
 *
 * Not counted: Electron's own browser-process overhead (Chromium's, in the same process as main)
 * and the renderer, which is a separate process.
 *
 *   npx tsx bench/startup.bench.ts     (or `npm run bench -- startup`)
 *   STARTUP_SOURCE=/tmp/old-mg ...     builds the app from another checkout (before/after figures)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DB_FILE_NAME } from '../electron/core-thread/create-core';
import { makeTempDir } from '../electron/db/test-db';
import { cachedSearchDatabase, copySearchDatabase, MESSAGES } from './search-data';
import type { AppRunResult, MemoryPoint } from './startup-app';

type Stage = 'empty' | 'beforeIndex' | 'migrated';
interface RunResult extends AppRunResult {
  stage: Stage;
  fileMb: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(process.env.STARTUP_SOURCE ?? root);
const appDir = path.join(root, 'bench-results', 'startup-app');
const runner = path.join(appDir, 'startup-app.mjs');
const esbuild = path.join(root, 'node_modules/esbuild/bin/esbuild');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** What `source`'s electron.vite.config.ts bundles into main's files (none before it said). */
async function bundledDependencies(): Promise<string[]> {
  const config = (await import(pathToFileURL(path.join(source, 'electron.vite.config.ts')).href)) as { BUNDLED_DEPENDENCIES?: string[] };
  return config.BUNDLED_DEPENDENCIES ?? [];
}

function bundle(entry: string, outfile: string, bundled: string[] = []): void {
  // As electron-vite builds main: one ESM file per entry, dependencies external (from node_modules)
  // except those the config bundles.
  const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const externals = ['electron', ...Object.keys(pkg.dependencies).filter((d) => !bundled.includes(d))].flatMap((d) => [`--external:${d}`, `--external:${d}/*`]);
  const build = spawnSync(esbuild, [entry, '--bundle', '--platform=node', '--format=esm', ...externals, `--outfile=${outfile}`, '--log-level=warning'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bundling ${entry} failed: ${build.stderr}`);
}

/** out/main/index.js and out/main/core-worker.js from `source`, its package.json and migrations, and the runner. */
async function buildApp(): Promise<string[]> {
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(appDir, 'out', 'main'), { recursive: true });
  const bundled = await bundledDependencies();
  bundle(path.join(source, 'electron/main-thread/main.ts'), path.join(appDir, 'out/main/index.js'), bundled);
  bundle(path.join(source, 'electron/core-thread/worker-entry.ts'), path.join(appDir, 'out/main/core-worker.js'), bundled);
  fs.copyFileSync(path.join(source, 'package.json'), path.join(appDir, 'package.json'));
  fs.cpSync(path.join(source, 'migrations'), path.join(appDir, 'migrations'), { recursive: true });
  bundle(path.join(root, 'bench/startup-app.ts'), runner);
  return bundled;
}

function runStage(stage: Stage): RunResult {
  const dir = makeTempDir('frontdesk-bench-startup-');
  try {
    // Where the stand-in (like Electron on Linux) puts userData for an unpackaged app.
    const userData = path.join(dir, 'appData', 'Frontdesk (development)');
    fs.mkdirSync(userData, { recursive: true });
    if (stage !== 'empty') copySearchDatabase(stage, userData, DB_FILE_NAME);
    const fileMb = stage === 'empty' ? 0 : mb(fs.statSync(path.join(userData, DB_FILE_NAME)).size);
    fs.mkdirSync(path.join(dir, 'temp'));
    const run = spawnSync(process.execPath, [runner, appDir], {
      cwd: appDir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...(process.env.BENCH_WORKER_PROF ? { BENCH_WORKER_PROF: process.env.BENCH_WORKER_PROF } : {}), HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'appData'), TMPDIR: path.join(dir, 'temp') },
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) throw new Error(`start-up run ${stage} failed (exit ${String(run.status)}): ${run.stderr.slice(-2000)}`);
    return { ...(JSON.parse(line.slice('RESULT '.length)) as AppRunResult), stage, fileMb };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Build the cached databases first, so no run times the generator.
cachedSearchDatabase('beforeIndex');
cachedSearchDatabase('migrated');
const bundled = await buildApp();
const labels: Record<Stage, string> = { empty: 'new empty database', beforeIndex: '1M, 0007 builds its indexes', migrated: '1M, already migrated' };
const point = (p: MemoryPoint) => `${String(Math.round(p.rssMb)).padStart(5)} (${String(Math.round(p.mainHeapUsedMb)).padStart(3)}/${String(Math.round(p.mainHeapTotalMb)).padStart(3)} ${String(Math.round(p.workerHeapUsedMb)).padStart(3)}/${String(Math.round(p.workerHeapTotalMb)).padStart(3)})`;
console.log(`start-up: ${MESSAGES.toLocaleString()} messages; the built app (main + core worker bundles) alone in a Node process with the stand-in electron module${source === root ? '' : `; source ${source}`}`);
console.log(`  dependencies bundled into main's files: ${bundled.join(', ') || 'none'}; the rest load from node_modules`);
console.log('  core ready = worker started, database checked and migrated, services built (main then opens the window)');
console.log('  memory: RSS of the whole process (main heap used/total, worker heap used/total), MB; goal RSS ≤ 300');
console.log("  not counted: Electron's own browser-process overhead and the renderer process");
console.log(`  ${'run'.padEnd(28)} ${'file MB'.padStart(7)} ${'before'.padStart(6)} ${'ready ms'.padStart(8)}   ${'at ready'.padEnd(26)} ${'+ first list'.padEnd(26)} + 4 searches`);
const results: RunResult[] = [];
// STARTUP_STAGES=empty,migrated runs only those (profiling); all three by default.
const stages = (process.env.STARTUP_STAGES?.split(',') ?? ['empty', 'beforeIndex', 'migrated']) as Stage[];
for (const stage of stages) {
  const r = runStage(stage);
  results.push(r);
  console.log(`  ${labels[stage].padEnd(28)} ${String(r.fileMb).padStart(7)} ${String(Math.round(r.rssBeforeMb)).padStart(6)} ${String(r.readyMs).padStart(8)}   ${point(r.ready).padEnd(26)} ${point(r.list).padEnd(26)} ${point(r.search)}`);
}
const empty = results.find((r) => r.stage === 'empty');
const migrated = results.find((r) => r.stage === 'migrated');
if (empty && migrated) {
  console.log(`  ready 1M migrated ÷ empty ${(migrated.readyMs / Math.max(1, empty.readyMs)).toFixed(2)}; RSS after searches, 1M − empty: ${Math.round(migrated.search.rssMb - empty.search.rssMb)} MB`);
}
console.log(`  worker resourceLimits: ${JSON.stringify(results[0]?.workerResourceLimits ?? null)}`);
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results/startup.json'), `${JSON.stringify({ messages: MESSAGES, source, results }, null, 2)}\n`);
