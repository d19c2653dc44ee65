/**
 * Engine throughput: 20,000 SMS through the whole engine (rules,
 * persistence with synchronous=FULL, pacing off, provider calls through the twilio SDK) against a
 * bare `twilio.messages.create` loop with the same concurrency, the same fake Twilio (its own
 * process) and in the same run; once with the fake answering at once (a) and once with 50 ms added
 * per request (d). Prints messages per second for both and the ratio. Queueing is done before the
 * clock starts (benchmark b measures it).
 *
 *   npx tsx bench/engine-throughput.bench.ts  [--messages N] [--concurrency C]
 */
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { createTwilioProvider } from '../electron/providers/twilio-provider';
import { benchDir, benchEngine, bulkPatients, round, startFakeTwilio, waitUntilAllAccepted, writeResult } from './engine-support';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '50' } } });
const N = Number(values.messages);
const C = Number(values.concurrency);
const FROM = '+15005550006';

async function bareLoop(baseUrl: string, sid: string, token: string, offset: number): Promise<number> {
  const client = twilio(sid, token, { autoRetry: false, timeout: 30_000 });
  client.api.baseUrl = baseUrl;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (;;) {
        const i = next++;
        if (i >= N) return;
        await client.messages.create({ to: `+1${String(3_000_000_000 + offset + i)}`, from: FROM, body: `Bare loop message ${i}` });
      }
    }),
  );
  return N / ((performance.now() - started) / 1000);
}

async function engineRun(baseUrl: string, sid: string, token: string): Promise<{ rate: number; queueSeconds: number }> {
  const dir = benchDir('throughput');
  const provider = createTwilioProvider({ accountSid: sid, authToken: token, smsFrom: FROM, apiBaseUrl: baseUrl });
  const fx = benchEngine({
    dir,
    providers: { twilio: provider },
    routes: { sms: 'twilio' },
    dispatcher: { concurrency: C, batchSize: 4 * C, senderRates: { [FROM]: Infinity } },
  });
  try {
    const ids = bulkPatients(fx, N);
    const q0 = performance.now();
    await fx.engine.queueBatch(ids.map((id, i) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: `Engine message ${i}`, dedupeKey: `b:${id}` })));
    const queueSeconds = (performance.now() - q0) / 1000;
    const started = performance.now();
    await fx.engine.start();
    await waitUntilAllAccepted(fx, 10);
    const rate = N / ((performance.now() - started) / 1000);
    const sent = (fx.db.$client.prepare(`select count(*) n from deliveries where state = 'sent'`).get() as { n: number }).n;
    if (sent !== N) throw new Error(`expected ${N} sent, found ${sent}`);
    return { rate, queueSeconds };
  } finally {
    await fx.dispose();
  }
}

const results: Record<string, number> = { messages: N, concurrency: C };
for (const latencyMs of [0, 50]) {
  const fake = await startFakeTwilio({ latencyMs });
  const { baseUrl, accountSid, authToken } = fake.info as { baseUrl: string; accountSid: string; authToken: string };
  try {
    const bare = await bareLoop(baseUrl, accountSid, authToken, latencyMs * 100_000);
    const engine = await engineRun(baseUrl, accountSid, authToken);
    const label = latencyMs === 0 ? 'a' : 'd';
    results[`${label}_bare_msgs_per_s`] = round(bare, 0);
    results[`${label}_engine_msgs_per_s`] = round(engine.rate, 0);
    results[`${label}_ratio`] = round(engine.rate / bare, 3);
    console.log(
      `${label}. ${N.toLocaleString()} SMS, concurrency ${C}, fake latency ${latencyMs} ms: bare SDK loop ${round(bare, 0)} msg/s, ` +
        `engine ${round(engine.rate, 0)} msg/s, ratio ${round(engine.rate / bare, 3)} (queueing beforehand took ${round(engine.queueSeconds, 1)} s)`,
    );
  } finally {
    await fake.close();
  }
}
writeResult('engine-throughput', results);
