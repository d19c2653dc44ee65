/**
 * CPU while waiting: the engine's own process CPU (process.cpuUsage, user + system) per second of
 * wall time while work is due but cannot go. (a) one sender paced at 1 segment/s working through
 * a 1,000-SMS backlog; (b) the provider offline (connections refused) with 1,000 SMS waiting.
 * The fake Twilio runs in its own process, so its CPU is not counted. Goal: under 2% of one core.
 *
 *   npx tsx bench/engine-idle-cpu.bench.ts [--seconds S]
 */
import { parseArgs } from 'node:util';
import { createTwilioProvider } from '../electron/providers/twilio-provider';
import { benchDir, benchEngine, bulkPatients, round, startFakeTwilio, writeResult } from './engine-support';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const SECONDS = Number(values.seconds);
const BACKLOG = 1_000;
const FROM = '+15005550006';

async function measure(label: string, offline: boolean): Promise<{ cpuPercent: number; sent: number; passes: number }> {
  const dir = benchDir(`idle-${label}`);
  const fake = await startFakeTwilio();
  const { baseUrl, accountSid, authToken } = fake.info as { baseUrl: string; accountSid: string; authToken: string };
  const fx = benchEngine({
    dir,
    providers: { twilio: createTwilioProvider({ accountSid, authToken, smsFrom: FROM, apiBaseUrl: baseUrl, timeoutMs: 5_000 }) },
    routes: { sms: 'twilio' },
    dispatcher: { concurrency: 10, senderRates: { [FROM]: offline ? Infinity : 1 } },
  });
  try {
    const ids = bulkPatients(fx, BACKLOG);
    await fx.engine.queueBatch(ids.map((id, i) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: `Wait ${i}`, dedupeKey: `w:${id}` })));
    if (offline) await fake.command({ cmd: 'outage', mode: 'refuse' });
    await fx.engine.start();
    // Let it settle (first sends, going offline), then measure.
    await new Promise((r) => setTimeout(r, 1_500));
    const passes0 = fx.engine.dispatcher.passCount;
    const sent0 = (fx.db.$client.prepare(`select count(*) n from deliveries where state = 'sent'`).get() as { n: number }).n;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1_000));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    const sent = (fx.db.$client.prepare(`select count(*) n from deliveries where state = 'sent'`).get() as { n: number }).n - sent0;
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    return { cpuPercent, sent, passes: fx.engine.dispatcher.passCount - passes0 };
  } finally {
    await fx.dispose();
    if (offline) await fake.command({ cmd: 'endOutage' });
    await fake.close();
  }
}

const paced = await measure('paced', false);
console.log(
  `h. 1 segment/s sender, ${BACKLOG.toLocaleString()}-SMS backlog: engine process CPU ${round(paced.cpuPercent, 2)}% of one core over ${SECONDS} s ` +
    `(${paced.sent} sent, ${paced.passes} dispatcher passes; goal < 2%)`,
);
const offline = await measure('offline', true);
console.log(
  `i. provider offline, ${BACKLOG.toLocaleString()} waiting: engine process CPU ${round(offline.cpuPercent, 2)}% of one core over ${SECONDS} s ` +
    `(${offline.passes} dispatcher passes; goal < 2%)`,
);
writeResult('engine-idle-cpu', {
  seconds: SECONDS,
  paced_cpu_percent: round(paced.cpuPercent, 2),
  paced_sent: paced.sent,
  paced_passes: paced.passes,
  offline_cpu_percent: round(offline.cpuPercent, 2),
  offline_passes: offline.passes,
});
