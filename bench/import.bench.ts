/**
 * Import benchmark: a 100,000-row patient CSV (1% broken rows): dry run, apply (one transaction),
 * then the re-import dry run, first through the core on its worker thread as the app runs it
 * (seconds and the MAIN thread's stall per phase), then the same in this process (seconds, this
 * thread's stall, peak memory: process.memoryUsage().rss sampled every 25 ms). Each phase also
 * prints the CPU seconds the process spent on it, which a loaded machine does not inflate.
 *
 *   npx tsx bench/import.bench.ts      (or through `npm run bench`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CallName, InputOf, OutputOf } from '../shared/contract';
import { createTestCore } from '../electron/core-thread/test-core';
import { measured, stallText, startWorkerCore, type Stall } from './worker-core';

export const PATIENTS = 100_000;

export function patientCsv(rows: number): Buffer {
  const lines = ['MRN,First Name,Last Name,DOB,Mobile,Email,Language'];
  for (let i = 0; i < rows; i++) {
    const broken = i % 100 === 99;
    const dob = `${(i % 12) + 1}/${(i % 28) + 1}/${1930 + (i % 90)}`;
    // Every phone distinct, so no shortcut helps: (212) 200-0000 … (212) 209-9999.
    const phone = broken ? '12345' : `(212) ${200 + Math.floor(i / 10_000)}-${String(i % 10_000).padStart(4, '0')}`;
    lines.push(`M${i},Given${i},Family${i % 5000},${dob},${phone},p${i}@example.com,${i % 4 === 0 ? 'es' : 'en'}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export const MAPPING = {
  columns: {
    'patient.externalId': 'MRN',
    'patient.firstName': 'First Name',
    'patient.lastName': 'Last Name',
    'patient.dateOfBirth': 'DOB',
    'patient.mobile': 'Mobile',
    'patient.email': 'Email',
    'patient.language': 'Language',
  },
  dateOrder: 'MDY' as const,
};

type Must = <N extends CallName>(name: N, input: InputOf<N>) => Promise<OutputOf<N>>;

/**
 * A worker thread that only burns CPU for `ms` and touches nothing of main's: the stall it causes
 * on main is the OS scheduling a busy process on a loaded machine, not the app's doing.
 */
async function spinWorker(ms: number): Promise<void> {
  const worker = new Worker(`const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x++;`, { eval: true });
  await new Promise((resolve) => worker.once('exit', resolve));
}

/**
 * Dry run, apply, re-import dry run; each phase timed with this thread's stall beside it, and
 * first two controls: the same stall over two seconds with the core idle, and with a worker
 * thread spinning the CPU. On a loaded machine the OS alone delays a 5 ms timer by tens of
 * milliseconds once the process has a busy thread, and a phase's stall means little without them.
 */
type Phase = Stall & { cpuSeconds: number };

/**
 * `measured`, plus the CPU seconds the whole process used meanwhile (every thread: the core's
 * worker, V8's GC helpers). Beside the wall-clock seconds it shows how much of a slow figure
 * is the work and how much is waiting for a core on a loaded machine.
 */
async function phase<T>(work: () => Promise<T>): Promise<[T, Phase]> {
  const before = process.cpuUsage();
  const [value, stall] = await measured(work);
  const used = process.cpuUsage(before);
  return [value, { ...stall, cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100 }];
}

async function phases(must: Must, file: Buffer): Promise<{ idle: Phase; spinning: Phase; dry: Phase; apply: Phase; again: Phase; rejected: number }> {
  const content = { base64: file.toString('base64') };
  const [, idle] = await phase(() => new Promise<void>((resolve) => setTimeout(resolve, 2000)));
  const [, spinning] = await phase(() => spinWorker(2000));
  const [dry, dryStall] = await phase(() => must('import.dryRun', { jobId: 'bench-dry-1', content, source: 'bench', kind: 'patients', mapping: MAPPING }));
  const [applied, applyStall] = await phase(() => must('import.apply', { jobId: 'bench-dry-1' }));
  const [again, againStall] = await phase(() => must('import.dryRun', { jobId: 'bench-dry-2', content, source: 'bench', kind: 'patients', mapping: MAPPING }));
  if (applied.patients.created !== PATIENTS - PATIENTS / 100 || again.patients.unchanged !== applied.patients.created) {
    throw new Error(`unexpected counts: ${JSON.stringify({ dry: dry.patients, applied: applied.patients, again: again.patients })}`);
  }
  return { idle, spinning, dry: dryStall, apply: applyStall, again: againStall, rejected: dry.rejected };
}

export default async function importBench(): Promise<Record<string, unknown>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = patientCsv(PATIENTS);
  // The core on its worker as the app runs it: main only forwards calls.
  const core = await startWorkerCore();
  let worker: Awaited<ReturnType<typeof phases>>;
  try {
    worker = await phases(core.must, file);
  } finally {
    await core.close();
  }
  // The same in this process (before the worker thread, everything ran like this).
  const t = await createTestCore();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  let inProcess: Awaited<ReturnType<typeof phases>>;
  try {
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    inProcess = await phases((name, input) => t.must(name, input), file);
  } finally {
    clearInterval(sampler);
    await t.dispose();
  }
  const result = {
    patients: PATIENTS,
    fileMegabytes: Math.round((file.length / 1024 / 1024) * 10) / 10,
    rejected: worker.rejected,
    worker: { idleBaseline: worker.idle, spinningWorkerControl: worker.spinning, dryRun: worker.dry, apply: worker.apply, reImportDryRun: worker.again },
    inProcess: { idleBaseline: inProcess.idle, spinningWorkerControl: inProcess.spinning, dryRun: inProcess.dry, apply: inProcess.apply, reImportDryRun: inProcess.again },
    inProcessPeakRssMegabytes: Math.round(peakRss / 1024 / 1024),
  };
  console.log(`import (${PATIENTS.toLocaleString()} patients, ${result.fileMegabytes} MB CSV, ${result.rejected} broken rows), core on its worker; in this process after the bar`);
  const line = (label: string, w: Phase, p: Phase) =>
    console.log(`  ${label.padEnd(34)} ${w.seconds} s (cpu ${w.cpuSeconds} s), ${stallText(w)} | in process ${p.seconds} s (cpu ${p.cpuSeconds} s), stall ${p.stallMs} ms`);
  line('core idle for 2 s (machine noise)', worker.idle, inProcess.idle);
  line('a worker only spinning CPU for 2 s', worker.spinning, inProcess.spinning);
  line('dry run', worker.dry, inProcess.dry);
  line('apply (one transaction)', worker.apply, inProcess.apply);
  line('re-import dry run (all unchanged)', worker.again, inProcess.again);
  console.log(`  peak memory in process (rss) ${result.inProcessPeakRssMegabytes} MB`);
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/import.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}


if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await importBench();
}
