/**
 * Queueing one templated send to 50,000 patients, two ways:
 *  a. Engine.queueBatch in this process (the rules, rendering and inserts alone), with this
 *     thread's event-loop delay while it runs (here the work itself blocks it), then a second send
 *     the same day to a fifth of them (the daily cap counts what each already has queued); called
 *     as the broadcast sender calls it (search indexing after queueing, timed on its own);
 *  b. a 50,000-recipient broadcast through the core on its worker thread as the app runs it
 *     (contract calls: template, draft, approval; the sender plans and queues), from approval to
 *     the progress event that says every recipient is queued, with the MAIN thread's stall and,
 *     beside it, how late a bare process doing nothing ran (the machine's own share).
 * Prints seconds, rows per second and the stalls; figures are printed, never asserted.
 *
 *   npx tsx bench/engine-queue.bench.ts [--patients N] [--part worker|in-process]
 *   (one part alone, e.g. under `node --cpu-prof`, to profile it without the other)
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSandboxProvider } from '../electron/providers/sandbox-provider';
import { makeTempDir } from '../electron/db/test-db';
import { benchDir, benchEngine, bulkPatients, round, writeResult } from './engine-support';
import { draftClosureBroadcast, measured, seedPatients, seedStore, stallText, startWorkerCore } from './worker-core';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '50000' }, part: { type: 'string', default: 'both' } } });
const N = Number(values.patients);
const part = values.part;

async function inProcess(): Promise<Record<string, number>> {
  const fx = benchEngine({ dir: benchDir('queue'), providers: { sandbox: createSandboxProvider() }, routes: { sms: 'sandbox', email: 'sandbox' } });
  try {
    const ids = bulkPatients(fx, N);
    const now = Date.now();
    fx.db.$client
      .prepare(`insert into templates (name, category, purpose, fallback_language, created_at, updated_at) values ('closure', 'broadcast', 'transactional', 'en', ?, ?)`)
      .run(now, now);
    const content = { en: { sms: { body: 'Hi {{ patient.firstName }}, {{ clinic.name }} is closed on Friday. Reply STOP to opt out.' } } };
    fx.db.$client.prepare(`insert into template_versions (template_id, version, content, created_at) values (1, 1, ?, ?)`).run(JSON.stringify(content), now);
    fx.db.$client.prepare('update templates set current_version_id = 1 where id = 1').run();

    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // As the broadcast sender calls it: search indexing left to the catch-up after queueing.
    const outcomes = await fx.engine.queueBatch(
      ids.map((id) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', templateId: 1, broadcastId: null, dedupeKey: `broadcast:1:${id}` })),
      { deferSearchIndex: true },
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    lag.disable();
    // The catch-up that makes them searchable, after queueing (none when queueing indexed them itself).
    const t2 = performance.now();
    const search = await import('../electron/repos/search-deferred-index');
    const indexed = 'catchUpInSteps' in search ? await search.catchUpInSteps(fx.db, 'messages') : 0;
    const catchUpSeconds = (performance.now() - t2) / 1000;
    // A second send the same day to a fifth of them (a reminder run after a closure notice): each
    // recipient already has a delivery queued today, which the daily cap must count per patient.
    const again = ids.slice(0, Math.ceil(N / 5));
    const t1 = performance.now();
    const second = await fx.engine.queueBatch(
      again.map((id) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', templateId: 1, broadcastId: null, dedupeKey: `broadcast:2:${id}` })),
    );
    const secondSeconds = (performance.now() - t1) / 1000;
    return {
      indexedAfter: indexed,
      catchUpSeconds: round(catchUpSeconds, 2),
      secondRecipients: again.length,
      secondQueued: second.filter((o) => o.status === 'queued').length,
      secondSeconds: round(secondSeconds, 2),
      queued: outcomes.filter((o) => o.status === 'queued').length,
      seconds: round(seconds, 2),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
      perSecond: round(N / seconds, 0),
      eventLoopDelayP99Ms: round(lag.percentile(99) / 1e6, 1),
      eventLoopDelayMaxMs: round(lag.max / 1e6, 1),
    };
  } finally {
    await fx.dispose();
  }
}

/**
 * A bare Node process running the same 5 ms timer beside the run, until told to stop: its worst
 * late tick is what the machine's scheduling alone costs a thread that does nothing, so a main
 * stall of that size is not the app's.
 */
function bareProbe(): { stop: () => Promise<number> } {
  const code = `let last = performance.now(), worst = 0; setInterval(() => { const n = performance.now(); worst = Math.max(worst, n - last - 5); last = n; }, 5);
    process.stdin.on('data', () => { process.stdout.write(String(Math.round(worst))); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    stop: async () => {
      child.stdin.write('\n');
      await exited;
      return Number(out);
    },
  };
}

async function broadcastOnWorker(): Promise<Record<string, number>> {
  const dir = makeTempDir('frontdesk-bench-queue-worker-');
  seedStore(dir, (sqlite) => seedPatients(sqlite, N));
  // Not started: approval runs the sender at once; the dispatcher does not send meanwhile.
  const core = await startWorkerCore({ dir });
  try {
    const draft = await draftClosureBroadcast(core);
    // process.cpuUsage counts every thread of this process: the core worker's work and main's relaying.
    const cpu0 = process.cpuUsage();
    const probe = bareProbe();
    const [progress, stall] = await measured(async () => {
      const done = core.waitForEvent('broadcast.progress', (p) => {
        const x = p as { broadcastId: number; pending: number; total: number };
        return x.broadcastId === draft.id && x.total === N && x.pending === 0;
      });
      await core.must('broadcasts.approve', { id: draft.id });
      return (await done) as { queued: number; excluded: number };
    });
    const cpu = process.cpuUsage(cpu0);
    const bareStallMs = await probe.stop();
    return {
      cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
      bareProcessStallMs: bareStallMs,
      queued: progress.queued,
      excluded: progress.excluded,
      seconds: stall.seconds,
      perSecond: round(N / stall.seconds, 0),
      mainStallMs: stall.stallMs,
      mainLoopDelayP99Ms: stall.loopDelayP99Ms,
      mainLoopDelayMaxMs: stall.loopDelayMaxMs,
    };
  } finally {
    await core.close();
  }
}

// The worker run first: the in-process run leaves a large heap whose collection would stall this thread.
const b = part === 'in-process' ? null : await broadcastOnWorker();
if (b) {
  console.log(
    `b. a ${N.toLocaleString()}-recipient broadcast queued by the core on its worker (approval → all queued): ${b.seconds} s (${b.perSecond}/s, cpu of both threads ${b.cpuSeconds} s, ${b.queued} queued, ${b.excluded} excluded); ` +
      stallText({ seconds: b.seconds ?? 0, stallMs: b.mainStallMs ?? 0, loopDelayP99Ms: b.mainLoopDelayP99Ms ?? 0, loopDelayMaxMs: b.mainLoopDelayMaxMs ?? 0 }) +
      `; a bare process beside it, doing nothing, was late by up to ${b.bareProcessStallMs} ms`,
  );
}
const a = part === 'worker' ? null : await inProcess();
if (a) {
  console.log(
    `a. Engine.queueBatch, one templated send to ${N.toLocaleString()} patients, in process: ${a.seconds} s (${a.perSecond}/s, cpu ${a.cpuSeconds} s, ${a.queued} queued); ` +
      `this thread's event-loop delay p99 ${a.eventLoopDelayP99Ms} ms, max ${a.eventLoopDelayMaxMs} ms; search catch-up after it: ${a.catchUpSeconds} s for ${a.indexedAfter} messages`,
  );
  console.log(
    `a2. a second send the same day to ${a.secondRecipients?.toLocaleString()} of them, each with a delivery already queued today: ${a.secondSeconds} s (${a.secondQueued} queued)`,
  );
}
if (part === 'both') writeResult('engine-queue', { patients: N, inProcess: a, broadcastOnWorker: b });
