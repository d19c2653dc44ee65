/**
 * Search at 1,000,000 messages: p50/p95 per kind of query (common word, rare word, prefix,
 * patient name, phone digits), with the main thread's longest event-loop stall beside each.
 *
 * Two paths, both off the main thread:
 * - `inbox.list` with a search, through the core on its worker thread (the app's own path: the
 *   contract, validation, roles, and the list's summary columns for each row);
 * - the search SQL of electron/repos/search-queries.ts on a worker thread of its own: a page of
 *   50 conversations with their newest matching message, and the message shapes newest-first
 *   and ranked (bm25) with LIMIT 50.
 * The stall is `monitorEventLoopDelay` on main: the longest time the window could not have been
 * served while the queries ran.
 *
 *   npx tsx bench/search.bench.ts [queries per kind]     (or `npm run bench -- search`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CallResult } from '../shared/ipc/result';
import type { OutputOf } from '../shared/contract';
import { coreWorkerFile } from '../electron/core-thread/worker-file';
import { DB_FILE_NAME } from '../electron/core-thread/create-core';
import { makeTempDir } from '../electron/db/test-db';
import { cachedSearchDatabase, copySearchDatabase, FIRST_NAMES, LAST_NAMES, MESSAGES, patientName, patientPhone, RARE, rng } from './search-data';
import type { SearchRequest, SearchShape } from './search-worker';
import { startBenchHost } from './worker-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PER_KIND = Number(process.argv[2] ?? 60);
/** `core` alone measures only the app's path, e.g. on an older commit without search-queries.ts. */
const PATHS = process.env.SEARCH_BENCH_PATHS ?? 'sql,core';
/** Which cached database the core opens: `beforeIndex` for a commit from before 0007. */
const STAGE = process.env.SEARCH_BENCH_STAGE === 'beforeIndex' ? 'beforeIndex' : 'migrated';

type Kind = 'common word' | 'rare word' | 'prefix' | 'patient name' | 'phone digits';

function queries(kind: Kind, count: number): string[] {
  const random = rng(kind.length * 7919);
  const any = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const make: Record<Kind, () => string> = {
    'common word': () => any(['appointment', 'please', 'thanks', 'confirm', 'tomorrow', 'reply', 'clinic', 'reminder', 'you', 'the', 'parking', 'results']),
    'rare word': () => any(RARE),
    prefix: () => any(['a', 'ap', 'app', 'appo', 'appoint', 're', 'res', 'resch', 'th', 'tha', 'con', 'conf', 'pre', 'presc', 'ka', 'lo', 'mi', 'par', 'tom', 'remi']),
    'patient name': () => {
      const { first, last } = patientName(1 + Math.floor(random() * 20_000));
      return any([last, `${first} ${last}`, `${first} ${last.slice(0, 3)}`, any(LAST_NAMES), any(FIRST_NAMES)]);
    },
    'phone digits': () => {
      const phone = patientPhone(1 + Math.floor(random() * 50_000));
      const digits = phone.replace(/\D/g, '');
      return any([`${digits.slice(2, 6)} ${digits.slice(6)}`, `+${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}`, digits.slice(-4), phone]);
    },
  };
  return Array.from({ length: count }, () => make[kind]());
}

interface Figure {
  p50: number;
  p95: number;
  max: number;
  stallMs: number;
  queries: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

async function measure(texts: string[], run: (text: string) => Promise<void>): Promise<Figure> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const times: number[] = [];
  delay.enable();
  for (const text of texts) {
    const started = performance.now();
    await run(text);
    times.push(performance.now() - started);
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  delay.disable();
  times.sort((a, b) => a - b);
  // The histogram counts the resolution tick itself; what is beyond it is stall.
  const stallMs = Math.max(0, delay.max / 1e6 - 1);
  return { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)), max: round(times[times.length - 1] ?? 0), stallMs: round(stallMs), queries: texts.length };
}

const KINDS: Kind[] = ['common word', 'rare word', 'prefix', 'patient name', 'phone digits'];
const results: Record<string, Record<string, Figure>> = {};
const print = (path: string, kind: string, f: Figure) =>
  console.log(`  ${path.padEnd(30)} ${kind.padEnd(13)} ${String(f.p50).padStart(8)} ${String(f.p95).padStart(8)} ${String(f.max).padStart(8)} ${String(f.stallMs).padStart(9)}`);

console.log(`search: ${MESSAGES.toLocaleString()} messages, ${PER_KIND} queries per kind (ms; stall = main thread's longest event-loop delay)`);
const started = performance.now();
const source = cachedSearchDatabase(STAGE);
console.log(`  database ready in ${((performance.now() - started) / 1000).toFixed(1)} s (cached in ${path.dirname(source)})`);
console.log(`  ${'path'.padEnd(30)} ${'kind'.padEnd(13)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)} ${'stall ms'.padStart(9)}`);

// The search SQL on a worker thread of its own.
async function sqlPath(): Promise<void> {
  const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { workerData: { file: source }, execArgv: ['--import', 'tsx'] });
  let failure: unknown;
  worker.on('error', (error) => {
    failure = error;
  });
  const ask = (request: SearchRequest) =>
    new Promise<{ ms: number; hits: number }>((resolve, reject) => {
      if (failure) reject(failure instanceof Error ? failure : new Error(String(failure)));
      worker.once('message', resolve);
      worker.postMessage(request);
    });
  await ask({ shape: 'newest', text: 'warm' });
  const shapes: Array<[SearchShape, string]> = [
    ['conversations', 'SQL: 50 conversations + match'],
    ['newest', 'SQL: messages newest-first'],
    ['ranked', 'SQL: messages ranked (bm25)'],
  ];
  for (const [shape, label] of shapes) {
    const figures: Record<string, Figure> = {};
    results[label] = figures;
    for (const kind of KINDS) {
      if (shape !== 'conversations' && kind === 'phone digits') continue; // digits are not message words
      const figure = await measure(queries(kind, PER_KIND * 2), async (text) => {
        await ask({ shape, text });
      });
      figures[kind] = figure;
      print(label, kind, figure);
    }
  }
  await worker.terminate();
}
if (PATHS.includes('sql')) await sqlPath();

// The app's path: inbox.list through the core on its worker thread, on a copy it may write to.
async function corePath(): Promise<void> {
  const dir = makeTempDir('frontdesk-bench-search-');
  copySearchDatabase(STAGE, dir, DB_FILE_NAME);
  const coreWorker = coreWorkerFile();
  const host = startBenchHost(dir, coreWorker);
  try {
    await host.ready;
    const sender = { transport: 'ipc' as const, url: 'app://frontdesk/index.html', isMainFrame: true };
    const context = { sessionKey: 'bench', sender };
    const setup = await host.registry.invoke('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' }, context);
    if (!setup.ok) throw new Error(`auth.setupAdmin: ${setup.error.message}`);
    const label = 'core: inbox.list search';
    const figures: Record<string, Figure> = {};
    results[label] = figures;
    for (const kind of KINDS) {
      const figure = await measure(queries(kind, Math.max(5, Math.round(PER_KIND / 3))), async (text) => {
        const result = (await host.registry.invoke('inbox.list', { filter: { status: 'all' }, search: text, limit: 50 }, context)) as CallResult<OutputOf<'inbox.list'>>;
        if (!result.ok) throw new Error(`inbox.list: ${result.error.message}`);
      });
      figures[kind] = figure;
      print(label, kind, figure);
    }
  } finally {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
if (PATHS.includes('core')) await corePath();

fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results/search.json'), `${JSON.stringify({ messages: MESSAGES, perKind: PER_KIND, results }, null, 2)}\n`);
