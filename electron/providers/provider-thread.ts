/**
 * The provider thread's entry: the Twilio client (the SDK, its HTTP agent, the request building
 * and answer parsing) runs here, on its own thread, so the engine's SQLite work and the HTTP work
 * of the calls in flight use two cores instead of taking turns on one. The credentials come in
 * workerData from the engine's thread and stay here; nothing is logged.
 *
 * Calls come in batches and answers go back in batches: every call that ended in one turn of this
 * thread's loop is posted together (setImmediate runs after the turn's socket reads), so a message
 * crossing threads costs far less than one per SMS.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTwilioProvider } from './twilio-provider';
import { toWireError, type FromProviderThread, type ProviderAnswer, type ProviderCall, type ProviderResult, type ProviderThreadData, type ToProviderThread } from './provider-thread-protocol';

if (!parentPort) throw new Error('provider-thread must run in a worker thread');
const port = parentPort;
const data = workerData as ProviderThreadData;
const provider = createTwilioProvider(data.config);

let pending: ProviderAnswer[] = [];
let scheduled = false;

function answer(a: ProviderAnswer): void {
  pending.push(a);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const answers = pending;
    pending = [];
    port.postMessage({ type: 'answers', answers } satisfies FromProviderThread);
  });
}

function run(call: ProviderCall): Promise<ProviderResult> {
  switch (call.op) {
    case 'send':
      return provider.send(call.message);
    case 'fetchStatus':
      return provider.fetchStatus ? provider.fetchStatus(call.providerId, call.channel) : Promise.reject(new Error('no status polling'));
    case 'findAccepted':
      return provider.findAccepted ? provider.findAccepted(call.attempt, new Set(call.excludeIds)) : Promise.reject(new Error('no lookups'));
    case 'probe':
      return provider.probe().then(() => undefined);
  }
}

/** Calls beyond maxInFlight wait here; each that ends starts the next at once, on this thread. */
const queue: ProviderCall[] = [];
let open = 0;

function next(): void {
  while (open < data.maxInFlight) {
    const call = queue.shift();
    if (!call) return;
    open++;
    run(call)
      .then(
        (value) => answer({ id: call.id, ok: true, value }),
        (error: unknown) => answer({ id: call.id, ok: false, error: toWireError(error) }),
      )
      .finally(() => {
        open--;
        next();
      });
  }
}

port.on('message', (message: ToProviderThread) => {
  queue.push(...message.calls);
  next();
});
