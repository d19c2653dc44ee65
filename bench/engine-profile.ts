/**
 * The engine half of the throughput benchmarks on its own, for profiling (`node --cpu-prof`) and
 * for the slot-occupancy probe: the provider is wrapped so the time-weighted number of calls in
 * flight can be integrated, which says whether slots sit idle (lock-step on commits, mark-ahead
 * batches) or the engine is simply out of CPU. Not a benchmark itself (no .bench.ts).
 *
 *   node --import tsx bench/engine-profile.ts --kind sms|email [--latency-ms L] [--messages N] [--concurrency C] [--cpu-prof out.cpuprofile]
 *
 * With --cpu-prof only the sending phase is profiled (not the set-up and queueing). With --bare the
 * same provider adapter sends the engine's queued payloads in a plain loop at the same concurrency
 * (no engine): the difference is the engine's own cost. With --strace (Linux, strace installed) the
 * sending phase's fsync, pwrite64 and pread64 calls (SQLite commits, WAL frames, pages read back
 * past SQLite's own cache) are counted. With --commit-time the wall and CPU time spent inside
 * transactions (the statements, the commit, its fsync and any checkpoint: all on the event loop,
 * since better-sqlite3 is synchronous), the garbage collector's time, the heap and the WAL size are
 * printed per message. --wal-autocheckpoint and --cache-size are experiments on
 * the connection's pragmas (the app's are db/open-database.ts's).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { systemClock } from '../electron/foundation/clock';
import { createSmtpProvider } from '../electron/providers/smtp-provider';
import { createTwilioProvider } from '../electron/providers/twilio-provider';
import { createThreadedTwilioProvider } from '../electron/providers/threaded-provider';
import type { Provider } from '../electron/providers/provider-types';
import type { EngineFixture } from '../electron/engine/test-support';
import type { Channel } from '../shared/domain';
import { benchDir, benchEngine, bulkPatients, round, startFakeTwilio, startPeer, waitUntilAllAccepted } from './engine-support';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'sms' },
    'latency-ms': { type: 'string', default: '0' },
    messages: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '50' },
    'cpu-prof': { type: 'string' },
    bare: { type: 'boolean', default: false },
    'in-thread': { type: 'boolean', default: false },
    'no-ahead': { type: 'boolean', default: false },
    strace: { type: 'boolean', default: false },
    'commit-time': { type: 'boolean', default: false },
    'write-delay-ms': { type: 'string' },
    'wal-autocheckpoint': { type: 'string' },
    'mark-batch-min': { type: 'string' },
    'cache-size': { type: 'string' },
  },
});
const kind = values.kind === 'email' ? 'email' : 'sms';
const N = Number(values.messages);
const FROM = '+15005550006';
const POOL = 5;

/** Wraps a provider's send to integrate calls in flight over time. */
function probed(provider: Provider): { provider: Provider; occupancy: (slots: number) => number; reset: () => void } {
  let inflight = 0;
  let area = 0;
  let last = performance.now();
  let start = last;
  const step = (delta: number) => {
    const now = performance.now();
    area += inflight * (now - last);
    last = now;
    inflight += delta;
  };
  return {
    provider: {
      ...provider,
      send: async (m) => {
        step(1);
        try {
          return await provider.send(m);
        } finally {
          step(-1);
        }
      },
    },
    occupancy: (slots) => {
      step(0);
      return area / (slots * (last - start));
    },
    reset: () => {
      area = 0;
      start = last = performance.now();
    },
  };
}

/** Attaches strace to this process; the returned function detaches it and gives its fsync/pwrite64 summary. */
async function startStrace(): Promise<() => Promise<string>> {
  const out = path.join(os.tmpdir(), `engine-profile-strace-${process.pid}.txt`);
  const child = spawn('strace', ['-f', '-c', '-w', '-e', 'trace=fsync,fdatasync,pwrite64,pread64', '-o', out, '-p', String(process.pid)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    const text = fs.readFileSync(out, 'utf8');
    fs.rmSync(out, { force: true });
    return text.split('\n').filter((l) => /fsync|fdatasync|pwrite64|pread64/.test(l)).map((l) => `   strace: ${l.trim()}`).join('\n');
  };
}

/** The engine's queued payloads through the provider adapter alone, `concurrency` at a time. */
async function bareLoop(fx: EngineFixture, provider: Provider, concurrency: number): Promise<void> {
  const rows = fx.db.$client
    .prepare(`select d.id, d.channel, d.address, m.body, m.subject, m.html from deliveries d join messages m on m.id = d.message_id order by d.id`)
    .all() as Array<{ id: number; channel: Channel; address: string; body: string; subject: string | null; html: string | null }>;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const r = rows[next++];
        if (!r) return;
        await provider.send({ deliveryId: r.id, channel: r.channel, to: r.address, body: r.body, subject: r.subject, html: r.html, whatsappContent: null, unsubscribe: null });
      }
    }),
  );
}

/**
 * Times every outermost transaction made through better-sqlite3's `transaction()` wrappers (how
 * db/sql-cache.ts's inTx runs them), wall and this thread's CPU, plus the GC's time.
 */
function commitTimer(): { read: () => { txCount: number; txWallMs: number; txCpuMs: number; gcMs: number } } {
  const totals = { txCount: 0, txWallMs: 0, txCpuMs: 0, gcMs: 0 };
  type Tx = ((...args: unknown[]) => unknown) & Record<'deferred' | 'immediate' | 'exclusive', (...args: unknown[]) => unknown>;
  const proto = Database.prototype as unknown as { transaction: (this: Database.Database, fn: (...args: unknown[]) => unknown) => Tx };
  const original = proto.transaction;
  proto.transaction = function (this: Database.Database, fn) {
    const tx = original.call(this, fn);
    const timed = (run: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
      if (this.inTransaction) return run(...args);
      const wall = performance.now();
      const cpu = process.threadCpuUsage();
      try {
        return run(...args);
      } finally {
        const used = process.threadCpuUsage(cpu);
        totals.txCount++;
        totals.txWallMs += performance.now() - wall;
        totals.txCpuMs += (used.user + used.system) / 1000;
      }
    };
    return Object.assign(timed(tx), { deferred: timed(tx.deferred), immediate: timed(tx.immediate), exclusive: timed(tx.exclusive) });
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) totals.gcMs += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  return { read: () => ({ ...totals }) };
}
const commits = values['commit-time'] ? commitTimer() : null;

const peer = kind === 'sms' ? await startFakeTwilio({ latencyMs: Number(values['latency-ms']) }) : await startPeer('test-peers/smtp/run.ts', []);
try {
  const concurrency = kind === 'sms' ? Number(values.concurrency) : POOL * 4;
  const base =
    kind === 'sms'
      ? (() => {
          const info = peer.info as { baseUrl: string; accountSid: string; authToken: string };
          const config = { accountSid: info.accountSid, authToken: info.authToken, smsFrom: FROM, apiBaseUrl: info.baseUrl };
          return values['in-thread'] ? createTwilioProvider(config) : createThreadedTwilioProvider(config, { maxInFlight: Number(values.concurrency) });
        })()
      : createSmtpProvider({ primary: { host: '127.0.0.1', port: Number(peer.info.port), secure: false }, fromAddress: 'bench@clinic.test', messageIdDomain: 'bench.test', maxConnections: POOL, clock: systemClock });
  // --no-ahead: the threaded provider without calls queued in its thread (an experiment).
  const probe = probed(values['no-ahead'] ? { ...base, queuesAhead: 0 } : base);
  const writeDelay = {
    ...(values['write-delay-ms'] ? { writeDelayMs: Number(values['write-delay-ms']) } : {}),
    ...(values['mark-batch-min'] ? { markBatchMin: Number(values['mark-batch-min']) } : {}),
  };
  const fx = benchEngine({
    dir: benchDir('profile'),
    providers: kind === 'sms' ? { twilio: probe.provider } : { smtp: probe.provider },
    routes: kind === 'sms' ? { sms: 'twilio' } : { email: 'smtp' },
    dispatcher:
      kind === 'sms'
        ? { concurrency, batchSize: 4 * concurrency, senderRates: { [FROM]: Infinity }, ...writeDelay }
        : { concurrency, senderRates: { 'smtp:bench@clinic.test': Infinity }, ...writeDelay },
  });
  try {
    // An experiment only (the app's pragmas are db/open-database.ts's): how much checkpointing costs.
    if (values['wal-autocheckpoint']) fx.db.$client.pragma(`wal_autocheckpoint = ${Number(values['wal-autocheckpoint'])}`);
    if (values['cache-size']) fx.db.$client.pragma(`cache_size = ${Number(values['cache-size'])}`);
    const ids = bulkPatients(fx, N, kind === 'sms' ? 'phone' : 'email');
    await fx.engine.queueBatch(
      ids.map((id, i) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: `Engine message ${i}`, subject: 'Bench', dedupeKey: `p:${id}` })),
    );
    // The provider's thread starts on its first call: started here, outside the measured phase,
    // as the bare SDK client's module is loaded before any clock starts.
    await base.probe();
    const session = values['cpu-prof'] ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const tracer = values.strace ? await startStrace() : null;
    const commits0 = commits?.read();
    const cpu0 = process.cpuUsage();
    probe.reset();
    const started = performance.now();
    if (values.bare) await bareLoop(fx, probe.provider, concurrency);
    else {
      await fx.engine.start();
      await waitUntilAllAccepted(fx, 10);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (tracer) console.log(await tracer());
    if (commits && commits0) {
      const c = commits.read();
      const wal = fs.statSync(`${fx.temp.file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
      console.log(
        `   inside transactions: ${c.txCount - commits0.txCount} commits, ${round(((c.txWallMs - commits0.txWallMs) * 1000) / N, 0)} µs/msg wall, ` +
          `${round(((c.txCpuMs - commits0.txCpuMs) * 1000) / N, 0)} µs/msg CPU; GC ${round(((c.gcMs - commits0.gcMs) * 1000) / N, 0)} µs/msg; ` +
          `heap ${round(process.memoryUsage().heapUsed / 1e6, 0)} MB, WAL ${round(wal / 1e6, 1)} MB`,
      );
    }
    if (session && values['cpu-prof']) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(values['cpu-prof'], JSON.stringify(profile));
      session.disconnect();
    }
    console.log(
      `${values.bare ? 'bare adapter loop' : 'engine'}: ${kind}, ${N} messages, concurrency ${concurrency}: ${round(N / seconds, 0)} msg/s, engine process CPU ${round((cpu.user + cpu.system) / N, 0)} µs/msg, ` +
        `calls in flight on average ${round(probe.occupancy(1), 1)} of ${concurrency} slots${kind === 'email' ? ` (the SMTP pool has ${POOL} connections)` : ''}, ${fx.engine.dispatcher.passCount} passes`,
    );
  } finally {
    await fx.dispose();
  }
} finally {
  await peer.close();
}
