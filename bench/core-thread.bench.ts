/**
 * The window-side stall with the core on its worker thread, beside the same work in one thread.
 * The same 100,000-patient import (dry run, apply, re-import dry run) runs twice in this run:
 * once with the core in this process (as before the worker), once through the worker host that
 * the app uses. For each phase it prints seconds and the main thread's longest event-loop stall
 * (a 5 ms timer's longest late tick, on the thread that serves the window in the app), and the ratio.
 * Then "a read during queueing": while the worker queues a 50,000-recipient broadcast, the window's
 * reads (inbox.list's first page and a thread, one after the other) wait for the slice in progress;
 * their latency p50/max is the price of the slice size.
 *
 *   npx tsx bench/core-thread.bench.ts [patients] [reads]   (reads: that part alone; or `npm run bench -- core-thread`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallName, InputOf, OutputOf } from '../shared/contract';
import type { CallResult } from '../shared/ipc/result';
import { createTestCore } from '../electron/core-thread/test-core';
import { coreWorkerFile } from '../electron/core-thread/worker-file';
import { makeTempDir } from '../electron/db/test-db';
import { patientCsv } from './import.bench';
import { round } from './engine-support';
import { draftClosureBroadcast, measured, seedPatients, seedStore, startBenchHost, startWorkerCore } from './worker-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PATIENTS = Number(process.argv[2] ?? 100_000);
type Invoke = <N extends CallName>(name: N, input: InputOf<N>) => Promise<CallResult<OutputOf<N>>>;

const mapping = {
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

interface Phase {
  seconds: number;
  stallMs: number;
}

async function run(invoke: Invoke): Promise<Record<string, Phase>> {
  const must = async <N extends CallName>(name: N, input: InputOf<N>) => {
    const result = await invoke(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
  await must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const content = { base64: patientCsv(PATIENTS).toString('base64') };
  const [, dryRun] = await measured(() => must('import.dryRun', { jobId: 'bench-thread-1', content, source: 'bench', kind: 'patients', mapping }));
  const [, apply] = await measured(() => must('import.apply', { jobId: 'bench-thread-1' }));
  const [, reImport] = await measured(() => must('import.dryRun', { jobId: 'bench-thread-2', content, source: 'bench', kind: 'patients', mapping }));
  return { 'import dry run': dryRun, 'import apply': apply, 're-import dry run': reImport };
}

async function inProcess(): Promise<Record<string, Phase>> {
  const t = await createTestCore();
  try {
    return await run((name, input) => t.call(name, input, 'bench'));
  } finally {
    await t.dispose();
  }
}

async function onWorker(): Promise<Record<string, Phase>> {
  const dir = makeTempDir('frontdesk-bench-thread-');
  const worker = coreWorkerFile();
  const host = startBenchHost(dir, worker);
  try {
    await host.ready;
    const sender = { transport: 'ipc' as const, url: 'app://frontdesk/index.html', isMainFrame: true };
    return await run((name, input) => host.registry.invoke(name, input, { sessionKey: 'bench', sender }) as Promise<CallResult<OutputOf<typeof name>>>);
  } finally {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const BROADCAST_RECIPIENTS = 50_000;

/** Latency of the window's reads while the worker queues a broadcast: each read waits for the slice being written. */
async function readsDuringQueueing(): Promise<Record<string, number>> {
  const dir = makeTempDir('frontdesk-bench-reads-');
  seedStore(dir, (sqlite) => seedPatients(sqlite, BROADCAST_RECIPIENTS));
  const core = await startWorkerCore({ dir });
  try {
    const draft = await draftClosureBroadcast(core);
    let queued = false;
    const done = core
      .waitForEvent('broadcast.progress', (p) => {
        const x = p as { broadcastId: number; pending: number; total: number };
        return x.broadcastId === draft.id && x.total === BROADCAST_RECIPIENTS && x.pending === 0;
      })
      .then(() => {
        queued = true;
      });
    const t0 = performance.now();
    await core.must('broadcasts.approve', { id: draft.id });
    const waits: number[] = [];
    let conversationId: number | null = null;
    while (!queued) {
      const r0 = performance.now();
      if (conversationId === null) {
        const page = await core.must('inbox.list', { limit: 50, withTotal: false });
        conversationId = page.items[0]?.id ?? null;
      } else {
        await core.must('inbox.thread', { conversationId });
        conversationId = null;
      }
      waits.push(performance.now() - r0);
      // A receptionist's pace is far slower; this samples every slice without queueing reads up.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    const seconds = (performance.now() - t0) / 1000;
    waits.sort((a, b) => a - b);
    return {
      seconds: round(seconds, 2),
      reads: waits.length,
      p50Ms: round(waits[Math.floor(waits.length / 2)] ?? 0, 1),
      p95Ms: round(waits[Math.floor(waits.length * 0.95)] ?? 0, 1),
      maxMs: round(waits[waits.length - 1] ?? 0, 1),
    };
  } finally {
    await core.close();
  }
}

if (process.argv[3] === 'reads') {
  const r = await readsDuringQueueing();
  console.log(`a read during queueing (${BROADCAST_RECIPIENTS.toLocaleString()}-recipient broadcast, ${r.seconds} s): ${r.reads} reads, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms`);
  process.exit(0);
}
const before = await inProcess();
const after = await onWorker();
const reads = await readsDuringQueueing();
console.log(`core thread: ${PATIENTS.toLocaleString()}-patient import, main-thread stall (the thread that serves the window)`);
console.log('  phase                 one thread: s / stall ms     core on worker: s / stall ms     stall ratio (worker ÷ one thread)');
const result: Record<string, unknown> = { patients: PATIENTS };
for (const phase of Object.keys(before)) {
  const b = before[phase] as Phase;
  const a = after[phase] as Phase;
  const ratio = b.stallMs > 0 ? Math.round((a.stallMs / b.stallMs) * 1000) / 1000 : 0;
  console.log(`  ${phase.padEnd(20)}  ${String(b.seconds).padStart(8)} / ${String(b.stallMs).padStart(6)}          ${String(a.seconds).padStart(8)} / ${String(a.stallMs).padStart(6)}              ${ratio}`);
  result[phase] = { oneThread: b, worker: a, stallRatio: ratio };
}
console.log(
  `a read during queueing (inbox.list / inbox.thread while a ${BROADCAST_RECIPIENTS.toLocaleString()}-recipient broadcast queues, ${reads.seconds} s): ${reads.reads} reads, p50 ${reads.p50Ms} ms, p95 ${reads.p95Ms} ms, max ${reads.maxMs} ms`,
);
result['a read during queueing'] = reads;
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results/core-thread.json'), `${JSON.stringify(result, null, 2)}\n`);
