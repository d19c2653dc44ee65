/**
 * Engine latency at idle: from the queue() call to the provider's acceptance
 * committed (the `delivery.updated` event with state `sent`), one message at a time through the
 * running engine (its own loop, real clock) to the fake Twilio in its own process. p50 and p95.
 *
 *   npx tsx bench/engine-latency.bench.ts [--samples N]
 */
import { parseArgs } from 'node:util';
import { createTwilioProvider } from '../electron/providers/twilio-provider';
import { systemClock } from '../electron/foundation/clock';
import { createLogger, streamSink } from '../electron/foundation/logger';
import { makeEngineFixture } from '../electron/engine/test-support';
import { benchDir, bulkPatients, percentile, round, startFakeTwilio, writeResult } from './engine-support';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '300' } } });
const N = Number(values.samples);
const FROM = '+15005550006';

const fake = await startFakeTwilio();
const { baseUrl, accountSid, authToken } = fake.info as { baseUrl: string; accountSid: string; authToken: string };
const waiters = new Map<number, () => void>();
const fx2 = makeEngineFixture({
  clock: systemClock,
  dir: benchDir('latency'),
  logger: createLogger(streamSink((l) => process.stderr.write(l)), { level: 'warn' }),
  clinic: { quietHours: { start: '00:00', end: '00:00' }, dailyCap: 100_000 },
  providers: { twilio: createTwilioProvider({ accountSid, authToken, smsFrom: FROM, apiBaseUrl: baseUrl }) },
  routes: { sms: 'twilio' },
  dispatcher: { pollIntervalMs: 24 * 3_600_000, senderRates: { [FROM]: Infinity } },
  onEvent: (name, payload) => {
    if (name !== 'delivery.updated') return;
    const p = payload as { deliveryId: number; state: string };
    if (p.state === 'sent') waiters.get(p.deliveryId)?.();
  },
});
try {
  const ids = bulkPatients(fx2, N);
  await fx2.engine.start();
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    let deliveryId = -1;
    const accepted = new Promise<void>((resolve) => {
      const out = fx2.engine.queue({ to: { patientId: ids[i] as number }, origin: 'staff', purpose: 'transactional', body: `Latency probe ${i}` });
      if (out.status !== 'queued') throw new Error(`not queued: ${JSON.stringify(out)}`);
      deliveryId = out.deliveryId;
      waiters.set(deliveryId, resolve);
    });
    await accepted;
    waiters.delete(deliveryId);
    samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5)); // idle between messages
  }
  const result = { samples: N, p50Ms: round(percentile(samples, 50), 1), p95Ms: round(percentile(samples, 95), 1), maxMs: round(Math.max(...samples), 1) };
  console.log(`c. latency queue() → provider accepted and committed, at idle (${N} messages one at a time): p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms`);
  writeResult('engine-latency', result);
} finally {
  await fx2.dispose();
  await fake.close();
}
