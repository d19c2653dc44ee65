/**
 * Rate-limit fidelity: a 10,000-message backlog of 1-segment SMS on one sender,
 * paced at 1, 3 and 100 segments per second; the fake Twilio (its own process) logs the time of
 * every message it accepted, and the count in every 10-second window is printed as a fraction of
 * the limit (1.00 = exactly the configured pace). Each rate runs for --seconds (default 40), not
 * until the backlog is empty: at 1 segment/s that would take 2.8 hours.
 *
 *   npx tsx bench/engine-rate-limit.bench.ts [--seconds S]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAcceptedLog } from '../test-peers/fake-twilio';
import { createTwilioProvider } from '../electron/providers/twilio-provider';
import { benchDir, benchEngine, bulkPatients, round, startFakeTwilio, writeResult } from './engine-support';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '40' } } });
const SECONDS = Number(values.seconds);
const BACKLOG = 10_000;
const WINDOW_MS = 10_000;
const results: Record<string, number[]> = {};

for (const rate of [1, 3, 100]) {
  const dir = benchDir(`rate-${rate}`);
  const logFile = path.join(dir, 'accepted.jsonl');
  const fake = await startFakeTwilio({ logFile });
  const { baseUrl, accountSid, authToken } = fake.info as { baseUrl: string; accountSid: string; authToken: string };
  const from = '+15005550006';
  const fx = benchEngine({
    dir,
    providers: { twilio: createTwilioProvider({ accountSid, authToken, smsFrom: from, apiBaseUrl: baseUrl }) },
    routes: { sms: 'twilio' },
    dispatcher: { concurrency: 20, senderRates: { [from]: rate } },
  });
  try {
    const ids = bulkPatients(fx, BACKLOG);
    await fx.engine.queueBatch(ids.map((id, i) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', body: `Pace ${i}`, dedupeKey: `r:${id}` })));
    const eta = fx.engine.status().senders.find((s) => s.sender === from);
    await fx.engine.start();
    await new Promise((r) => setTimeout(r, SECONDS * 1_000 + 500));
    await fx.engine.stop();
    const times = parseAcceptedLog(fs.readFileSync(logFile, 'utf8')).map((a) => Date.parse(a.time));
    const first = Math.min(...times);
    const windows: number[] = [];
    for (let w = 0; w < Math.floor(SECONDS * 1_000 / WINDOW_MS); w++) {
      const n = times.filter((t) => t >= first + w * WINDOW_MS && t < first + (w + 1) * WINDOW_MS).length;
      windows.push(round(n / (rate * (WINDOW_MS / 1_000)), 2));
    }
    results[`rate_${rate}_per_s`] = windows;
    const etaHours = eta?.etaAt ? round((eta.etaAt - Date.now()) / 3_600_000, 2) : null;
    console.log(
      `e. ${rate} segment/s, ${BACKLOG.toLocaleString()} backlog: accepted per 10 s window as a fraction of the limit: ${windows.join(', ')}` +
        ` (${times.length} sent in ${SECONDS} s; engine ETA for the backlog when queued: ${etaHours ?? '?'} h)`,
    );
  } finally {
    await fx.dispose();
    await fake.close();
  }
}
writeResult('engine-rate-limit', results);
