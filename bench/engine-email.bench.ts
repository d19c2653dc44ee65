/**
 * Email throughput: 10,000 emails through the engine (SMTP provider: pooled
 * nodemailer, 5 connections, Nagle off) against a bare pooled nodemailer loop with the same pool
 * settings, the same SMTP peer (its own process) and in the same run. First the bare loop on one
 * connection shows it is not stalled by Nagle's algorithm (performance.md: below ~500 msg/s per
 * connection the benchmark would be measuring TCP timers).
 *
 * Same payload: the engine sends its branded HTML and a plain-text part, several times the size of
 * a one-line message. The ratio compares the engine with a bare loop sending exactly the engine's
 * stored subject, text and HTML (read after queueing, before either clock starts); the bare loop
 * with one-line messages is printed too, to show what the payload alone costs.
 *
 * The engine and the same-payload bare loop alternate in rounds (a slice of the messages each,
 * which goes first alternating too), as in engine-throughput.bench.ts: one pair of runs measured
 * the machine's other load as much as the engine.
 *
 *   npx tsx bench/engine-email.bench.ts [--messages N] [--rounds R]
 */
import net from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { systemClock } from '../electron/foundation/clock';
import { createSmtpProvider } from '../electron/providers/smtp-provider';
import { benchDir, benchEngine, bulkPatients, deferQueued, inAlternation, releaseSlice, round, startPeer, waitUntilReleasedAccepted, writeResult } from './engine-support';
import { median } from './stats';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '6' } } });
const N = Number(values.messages);
const R = Math.max(1, Number(values.rounds));
const POOL = 5;

const peer = await startPeer('test-peers/smtp/run.ts', []);
const port = Number(peer.info.port);

interface Payload {
  subject: string;
  text: string;
  html: string;
}

const oneLine = (i: number): Payload => ({ subject: 'Bench', text: `Bare message ${i}`, html: `<p>Bare message ${i}</p>` });

async function bare(connections: number, count: number, payload: (i: number) => Payload = oneLine, offset = 0): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    maxConnections: connections,
    maxMessages: 100,
    getSocket: (_o: unknown, cb: (err: Error | null, s?: { connection: net.Socket }) => void) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => cb(null, { connection: socket }));
      socket.setNoDelay(true);
      socket.once('error', (e) => cb(e));
    },
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections * 4 }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        await transport.sendMail({ from: 'bench@clinic.test', to: `bare${offset + i}@bench.test`, ...payload(offset + i) });
      }
    }),
  );
  const rate = count / ((performance.now() - started) / 1000);
  transport.close();
  return rate;
}

try {
  const oneConnection = await bare(1, Math.min(N, 2_000));
  console.log(`   (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
  console.log(`f. Nagle check: bare pooled nodemailer, 1 connection: ${round(oneConnection, 0)} msg/s ${oneConnection >= 500 ? '(not stalled by Nagle)' : '(below 500 msg/s: TCP timers or CPU contention dominate; see the load average)'}`);

  const fx = benchEngine({
    dir: benchDir('email'),
    providers: {
      smtp: createSmtpProvider({ primary: { host: '127.0.0.1', port, secure: false }, fromAddress: 'bench@clinic.test', messageIdDomain: 'bench.test', maxConnections: POOL, clock: systemClock }),
    },
    routes: { email: 'smtp' },
    dispatcher: { concurrency: POOL * 4, senderRates: { 'smtp:bench@clinic.test': Infinity } },
  });
  try {
    const ids = bulkPatients(fx, N, 'email');
    await fx.engine.queueBatch(ids.map((id, i) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: `Engine message ${i}`, subject: 'Bench', dedupeKey: `e:${id}` })));
    // What the engine will send, so the bare loop sends the same bytes.
    const engineMail = fx.db.$client.prepare(`select subject, body text, html from messages where direction = 'outbound' order by id`).all() as Array<{ subject: string | null; text: string; html: string | null }>;
    const samePayload = (i: number): Payload => {
      const m = engineMail[i % engineMail.length];
      return { subject: m?.subject ?? '', text: m?.text ?? '', html: m?.html ?? '' };
    };
    const bytes = (p: Payload) => Buffer.byteLength(p.subject) + Buffer.byteLength(p.text) + Buffer.byteLength(p.html);
    const engineBytes = Math.round(engineMail.reduce((sum, _m, i) => sum + bytes(samePayload(i)), 0) / Math.max(1, engineMail.length));
    const oneLineBytes = bytes(oneLine(N / 2));

    const bareSmall = await bare(POOL, N);
    deferQueued(fx);
    await fx.engine.start();
    const bareRates: number[] = [];
    const engineRates: number[] = [];
    const slice = Math.ceil(N / R);
    // This process's CPU per half (the SMTP peer's own CPU is the same for both).
    const cpu = { bare: 0, engine: 0 };
    const withCpu = async (key: keyof typeof cpu, fn: () => Promise<void>) => {
      const before = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(before);
      cpu[key] += used.user + used.system;
    };
    for (let r = 0; r < R; r++) {
      const engineRound = async () => {
        // The release is the bench's own work: done before the clock starts (as in the throughput bench).
        const n = releaseSlice(fx, slice, { wake: false });
        await withCpu('engine', async () => {
          const started = performance.now();
          fx.engine.dispatcher.wake();
          await waitUntilReleasedAccepted(fx);
          engineRates.push(n / ((performance.now() - started) / 1000));
        });
      };
      const bareRound = () => withCpu('bare', async () => {
        bareRates.push(await bare(POOL, slice, samePayload, r * slice));
      });
      await inAlternation(r, bareRound, engineRound);
    }
    // Rates of the totals: each round's messages over the time all rounds took.
    const total = (rates: number[]) => rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);
    const bareSame = total(bareRates);
    const engineRate = total(engineRates);
    const ratios = engineRates.map((e, i) => e / (bareRates[i] ?? NaN));
    const result = {
      messages: N,
      pool: POOL,
      bareOneConnection: round(oneConnection, 0),
      payloadBytesEngine: engineBytes,
      payloadBytesOneLine: oneLineBytes,
      bareOneLine: round(bareSmall, 0),
      bare: round(bareSame, 0),
      engine: round(engineRate, 0),
      ratio: round(engineRate / bareSame, 3),
      ratioMedian: round(median(ratios), 3),
      roundRatios: ratios.map((x) => round(x, 3)),
      bareCpuUsPerMsg: round(cpu.bare / (slice * R), 0),
      engineCpuUsPerMsg: round(cpu.engine / (slice * R), 0),
      ratioToOneLine: round(engineRate / bareSmall, 3),
    };
    console.log(`f. payload: the engine's mail is ${engineBytes} bytes (subject + text + branded HTML); the one-line message ${oneLineBytes}`);
    console.log(
      `f. ${N.toLocaleString()} emails in ${R} alternating rounds, pool of ${POOL}: bare nodemailer, same payload as the engine ${result.bare} msg/s, engine ${result.engine} msg/s, ` +
        `ratio ${result.ratio}, median of rounds ${result.ratioMedian} (rounds ${ratios.map((x) => round(x, 2)).join(' ')}; load ${os.loadavg()[0]?.toFixed(1)}); ` +
        `CPU of this process per email: bare ${result.bareCpuUsPerMsg} µs, engine ${result.engineCpuUsPerMsg} µs`,
    );
    console.log(`f. (bare nodemailer with one-line messages ${result.bareOneLine} msg/s: engine ÷ that ${result.ratioToOneLine}, the payload's share of the gap)`);
    writeResult('engine-email', result);
  } finally {
    await fx.dispose();
  }
} finally {
  await peer.close();
}
