/**
 * Queueing one send to 50,000 patients: the rules, rendering (a Liquid
 * template per patient through shared/templates) and inserts, through Engine.queueBatch (chunks
 * of 500 per transaction, a turn of the event loop between chunks). Prints seconds and the main
 * event loop's delay p99 / max while it runs (perf_hooks.monitorEventLoopDelay).
 *
 *   npx tsx bench/engine-queue.bench.ts [--patients N]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSandboxProvider } from '../electron/providers/sandbox-provider';
import { benchDir, benchEngine, bulkPatients, round, writeResult } from './engine-support';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '50000' } } });
const N = Number(values.patients);

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
  const t0 = performance.now();
  const outcomes = await fx.engine.queueBatch(
    ids.map((id) => ({ to: { patientId: id }, origin: 'broadcast', purpose: 'transactional', templateId: 1, broadcastId: null, dedupeKey: `broadcast:1:${id}` })),
  );
  const seconds = (performance.now() - t0) / 1000;
  lag.disable();
  const queued = outcomes.filter((o) => o.status === 'queued').length;
  const result = {
    patients: N,
    queued,
    seconds: round(seconds, 2),
    perSecond: round(N / seconds, 0),
    eventLoopDelayP99Ms: round(lag.percentile(99) / 1e6, 1),
    eventLoopDelayMaxMs: round(lag.max / 1e6, 1),
  };
  console.log(
    `b. queueing one templated send to ${N.toLocaleString()} patients: ${result.seconds} s (${result.perSecond}/s, ${queued} queued); ` +
      `event-loop delay p99 ${result.eventLoopDelayP99Ms} ms, max ${result.eventLoopDelayMaxMs} ms`,
  );
  writeResult('engine-queue', result);
} finally {
  await fx.dispose();
}
