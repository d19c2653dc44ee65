/**
 * The core worker thread's entry: builds the whole plain-Node core (store, engine, scheduler,
 * import, export) on this thread and serves the main thread's calls. The main thread forwards
 * contract calls here unchanged and relays events back; validation, roles and audit happen in
 * the core's registry as before. Started by core-host.ts, in the app and under plain Node alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCore, type Core } from './create-core';
import { systemClock } from '../foundation/clock';
import { createLogger } from '../foundation/logger';
import type { CoreWorkerData, FromWorker, ToWorker } from './protocol';
import { syncCaller } from './sync-channel';
import { postingLogSink, postingNotifier, remoteSecrets, remoteSettings, remoteUpdates } from './worker-ports';

if (!parentPort) throw new Error('worker-entry must run in a worker thread');
const port = parentPort;
const data = workerData as CoreWorkerData;
const post = (message: FromWorker): void => port.postMessage(message);
const ask = syncCaller(data.syncPort, data.syncSignal);

let core: Core | null = null;
try {
  core = createCore({
    dataDir: data.dataDir,
    migrationsFolder: data.migrationsFolder,
    clock: systemClock,
    logger: createLogger(postingLogSink(post), { level: data.logLevel }),
    secrets: remoteSecrets(ask),
    settings: remoteSettings(ask),
    notifier: postingNotifier(post),
    updates: remoteUpdates(ask, () => (core?.services.broadcasts.list('sending').length ?? 0) > 0),
    allowedOrigins: data.allowedOrigins,
  });
} catch (error) {
  post({ type: 'fatal', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  process.exit(1);
}

const running = core;
// Session changes are posted before the events that follow them, on the same ordered port, so
// main stops forwarding patient events the moment a session locks.
const postSessions = () => post({ type: 'sessions', open: running.services.sessions.openKeys() });
running.services.sessions.onChange(postSessions);
postSessions();
running.subscribe((name, payload) => post({ type: 'event', name, payload }));

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'call':
      running.registry
        .invoke(message.name, message.input, message.ctx)
        .then((result) => post({ type: 'result', id: message.id, result }))
        .catch((error: unknown) => {
          // The registry turns handler errors into results; this is a fault in the registry itself.
          post({ type: 'result', id: message.id, result: { ok: false, error: { code: 'internal', message: 'Something went wrong in Frontdesk. The details were written to the log.' } } });
          post({ type: 'log', record: { level: 'error', msg: 'call failed outside the registry', at: new Date(systemClock.now()).toISOString(), call: message.name, error: String(error) } });
        });
      return;
    case 'start':
      running.start();
      return;
    case 'close':
      running
        .close()
        .catch((error: unknown) => post({ type: 'log', record: { level: 'error', msg: 'core did not close cleanly', at: new Date(systemClock.now()).toISOString(), error: String(error) } }))
        .finally(() => {
          post({ type: 'closed' });
          // Ends this thread only; main's host resolves its close() on the worker's exit.
          setImmediate(() => process.exit(0));
        });
      return;
  }
});
post({ type: 'ready' });
