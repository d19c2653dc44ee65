/**
 * Engine throughput: 20,000 SMS through the whole engine (rules,
 * persistence with synchronous=FULL, pacing off, provider calls through the twilio SDK) against a
 * bare `twilio.messages.create` loop with the same concurrency, the same fake Twilio (its own
 * process) and in the same run; once with the fake answering at once (a) and once with 50 ms added
 * per request (d). Queueing is done before any clock starts (benchmark b measures it).
 *
 * The two alternate in rounds (a slice of the messages each, bare first in odd rounds, engine
 * first in even ones): on a machine shared with other work a single bare-then-engine pair
 * measured whichever half ran while the machine was busier (the same code gave 0.45 and 1.12).
 * Prints each round's ratio, their median and the ratio of the totals.
 *
 *   npx tsx bench/engine-throughput.bench.ts  [--messages N] [--concurrency C] [--rounds R]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { createThreadedTwilioProvider } from '../electron/providers/threaded-provider';
import { benchDir, benchEngine, bulkPatients, deferQueued, inAlternation, releaseSlice, round, startFakeTwilio, waitUntilReleasedAccepted, writeResult } from './engine-support';
import { median } from './stats';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '50' }, rounds: { type: 'string', default: '6' } },
});
const N = Number(values.messages);
const C = Number(values.concurrency);
const R = Math.max(1, Number(values.rounds));
const FROM = '+15005550006';

/** `count` messages through the bare SDK loop; returns messages per second. */
async function bareLoop(client: twilio.Twilio, offset: number, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        await client.messages.create({ to: `+1${String(3_000_000_000 + offset + i)}`, from: FROM, body: `Bare loop message ${i}` });
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

interface Rounds {
  bare: number[];
  engine: number[];
  /** This process's CPU per message in each half (the fake's own CPU is the same for both). */
  bareCpuUs: number;
  engineCpuUs: number;
  queueSeconds: number;
}

/** Runs `fn` and adds this process's CPU time (µs) to `into[key]`. */
async function timedCpu<K extends string>(into: Record<K, number>, key: K, fn: () => Promise<void>): Promise<void> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  into[key] += used.user + used.system;
}

/** R rounds of N/R messages each, bare loop and engine alternating which goes first. */
async function run(baseUrl: string, sid: string, token: string, latencyMs: number): Promise<Rounds> {
  const client = twilio(sid, token, { autoRetry: false, timeout: 30_000 });
  client.api.baseUrl = baseUrl;
  // The provider as the app builds it (create-engine.ts): the SDK on its own thread.
  const provider = createThreadedTwilioProvider({ accountSid: sid, authToken: token, smsFrom: FROM, apiBaseUrl: baseUrl }, { maxInFlight: C });
  const fx = benchEngine({
    dir: benchDir('throughput'),
    providers: { twilio: provider },
    routes: { sms: 'twilio' },
    dispatcher: { concurrency: C, batchSize: 4 * C, senderRates: { [FROM]: Infinity } },
  });
  try {
    const ids = bulkPatients(fx, N);
    const q0 = performance.now();
    await fx.engine.queueBatch(ids.map((id, i) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: `Engine message ${i}`, dedupeKey: `b:${id}` })));
    const queueSeconds = (performance.now() - q0) / 1000;
    deferQueued(fx);
    // The provider's thread starts on its first call: started here, before any clock, as the bare
    // loop's SDK client is built before its clock starts.
    await provider.probe();
    await fx.engine.start();
    const out: Rounds = { bare: [], engine: [], bareCpuUs: 0, engineCpuUs: 0, queueSeconds };
    const slice = Math.ceil(N / R);
    for (let r = 0; r < R; r++) {
      const engineRound = async () => {
        // The release (an UPDATE of the slice's rows and its commit) is the bench's own work, done
        // before the clock starts: inside it, it was charged to the engine's time and CPU.
        const n = releaseSlice(fx, slice, { wake: false });
        await timedCpu(out, 'engineCpuUs', async () => {
          const started = performance.now();
          fx.engine.dispatcher.wake();
          await waitUntilReleasedAccepted(fx);
          out.engine.push(n / ((performance.now() - started) / 1000));
        });
      };
      const bareRound = () =>
        timedCpu(out, 'bareCpuUs', async () => {
          out.bare.push(await bareLoop(client, latencyMs * 100_000 + r * slice, slice));
        });
      await inAlternation(r, bareRound, engineRound);
    }
    const sent = (fx.db.$client.prepare(`select count(*) n from deliveries where state = 'sent'`).get() as { n: number }).n;
    if (sent !== N) throw new Error(`expected ${N} sent, found ${sent}`);
    out.bareCpuUs /= slice * R;
    out.engineCpuUs /= slice * R;
    return out;
  } finally {
    await fx.dispose();
  }
}

const results: Record<string, number | number[]> = { messages: N, concurrency: C, rounds: R };
console.log(`   (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
for (const latencyMs of [0, 50]) {
  const fake = await startFakeTwilio({ latencyMs });
  const { baseUrl, accountSid, authToken } = fake.info as { baseUrl: string; accountSid: string; authToken: string };
  try {
    const r = await run(baseUrl, accountSid, authToken, latencyMs);
    const label = latencyMs === 0 ? 'a' : 'd';
    const ratios = r.engine.map((e, i) => e / (r.bare[i] ?? NaN));
    // Rates of the totals: each round's messages over the time all rounds took.
    const total = (rates: number[]) => rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);
    const bare = total(r.bare);
    const engine = total(r.engine);
    results[`${label}_bare_msgs_per_s`] = round(bare, 0);
    results[`${label}_engine_msgs_per_s`] = round(engine, 0);
    results[`${label}_ratio`] = round(engine / bare, 3);
    results[`${label}_ratio_median`] = round(median(ratios), 3);
    results[`${label}_round_ratios`] = ratios.map((x) => round(x, 3));
    results[`${label}_bare_cpu_us_per_msg`] = round(r.bareCpuUs, 0);
    results[`${label}_engine_cpu_us_per_msg`] = round(r.engineCpuUs, 0);
    console.log(
      `${label}. ${N.toLocaleString()} SMS in ${R} alternating rounds, concurrency ${C}, fake latency ${latencyMs} ms: bare SDK loop ${round(bare, 0)} msg/s, ` +
        `engine ${round(engine, 0)} msg/s, ratio ${round(engine / bare, 3)}, median of rounds ${round(median(ratios), 3)} ` +
        `(rounds ${ratios.map((x) => round(x, 2)).join(' ')}; queueing beforehand took ${round(r.queueSeconds, 1)} s; load ${os.loadavg()[0]?.toFixed(1)}); ` +
        `CPU of this process per message: bare ${round(r.bareCpuUs, 0)} µs, engine ${round(r.engineCpuUs, 0)} µs`,
    );
  } finally {
    await fake.close();
  }
}
writeResult('engine-throughput', results);
