/**
 * The Twilio provider on its own thread (provider-thread.ts). The engine is CPU-bound at high
 * rates: the SDK's request building, HTTP and answer parsing cost about as much per SMS as
 * everything the engine itself does (rules, the `sending` mark, the answer's commit), and on one
 * thread the two take turns. Here the engine's thread only posts the message and reads the
 * answer back; what reaches the provider and what comes back is the same as in-thread, so the
 * engine's exactly-once rules (the mark committed before the call is made, the answer committed
 * before the row counts as sent) hold unchanged.
 *
 * The thread starts on the first call and is started again after it dies. Calls in flight when it
 * dies are rejected as ambiguous (the request may have gone out), so the engine checks them with
 * the provider before sending again, exactly as after a dropped connection.
 */
import { Worker } from 'node:worker_threads';
import type { Channel } from '../../shared/domain';
import { fromWireError, type FromProviderThread, type ProviderThreadData, type ProviderCall, type ProviderResult, type ToProviderThread } from './provider-thread-protocol';
import { ProviderError, type Accepted, type OutgoingMessage, type Provider, type SentAttempt, type StatusAnswer } from './provider-types';
import { twilioSenderFor, type TwilioConfig } from './twilio-provider';

/** Where the thread's entry is: built, provider-thread.js beside the bundle; from source, the .ts through tsx. */
export function providerThreadFile(): { file: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.tsx?$/.test(new URL(here).pathname)) return { file: new URL('./provider-thread.ts', here), execArgv: ['--import', 'tsx'] };
  return { file: new URL('./provider-thread.js', here), execArgv: [] };
}

type CallBody = ProviderCall extends infer C ? (C extends ProviderCall ? Omit<C, 'id'> : never) : never;

interface Waiting {
  resolve: (value: ProviderResult) => void;
  reject: (error: Error) => void;
}

export interface ThreadOptions {
  /**
   * Requests the thread has open at once: the engine's concurrency. Up to half as many again
   * wait in the thread and start the moment a request ends, so on a busy machine the next request
   * never waits for the engine's thread to be scheduled (`queuesAhead`).
   */
  maxInFlight?: number;
  /** Tests only: sees each thread as it starts (to end one mid-call). */
  onThreadStarted?: (thread: Worker) => void;
}

export function createThreadedTwilioProvider(config: TwilioConfig, options: ThreadOptions = {}): Provider {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 10);
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  let outbox: ProviderCall[] = [];
  let closed = false;

  const settle = () => {
    // Only calls in flight keep the process alive: an idle provider thread never does.
    if (waiting.size > 0) worker?.ref();
    else worker?.unref();
  };

  const lose = (w: Worker, why: string) => {
    if (worker !== w) return;
    worker = null;
    const lost = [...waiting.values()];
    waiting.clear();
    // The request may have reached Twilio: ambiguous, so the engine asks before sending again.
    for (const call of lost) call.reject(new ProviderError('network', 'EPROVIDERTHREAD', `The provider thread stopped: ${why}`, { ambiguous: true }));
  };

  const start = (): Worker => {
    const { file, execArgv } = providerThreadFile();
    const w = new Worker(file, { workerData: { config, maxInFlight } satisfies ProviderThreadData, execArgv, name: 'frontdesk-provider-twilio' });
    w.on('message', (message: FromProviderThread) => {
      for (const a of message.answers) {
        const call = waiting.get(a.id);
        if (!call) continue;
        waiting.delete(a.id);
        if (a.ok) call.resolve(a.value);
        else call.reject(fromWireError(a.error));
      }
      settle();
    });
    w.on('error', (error) => lose(w, error.message));
    w.on('exit', (code) => lose(w, `exit ${code}`));
    options.onThreadStarted?.(w);
    return w;
  };

  const post = () => {
    const calls = outbox;
    outbox = [];
    // Closed in the same turn as the calls were made: close() has rejected them already.
    if (calls.length === 0 || closed) return;
    worker ??= start();
    worker.postMessage({ type: 'calls', calls } satisfies ToProviderThread);
    settle();
  };

  /** Queues a call; every call made in one turn of the engine's loop crosses in one message. */
  const call = (body: CallBody): Promise<ProviderResult> => {
    if (closed) return Promise.reject(new ProviderError('network', 'EPROVIDERTHREAD', 'The provider was closed'));
    const id = nextId++;
    const done = new Promise<ProviderResult>((resolve, reject) => waiting.set(id, { resolve, reject }));
    if (outbox.length === 0) queueMicrotask(post);
    outbox.push({ ...body, id } as ProviderCall);
    return done;
  };

  return {
    name: 'twilio',
    queuesAhead: Math.ceil(maxInFlight / 2),
    send: (message: OutgoingMessage) => call({ op: 'send', message }) as Promise<Accepted>,
    fetchStatus: (providerId: string, channel: Channel) => call({ op: 'fetchStatus', providerId, channel }) as Promise<StatusAnswer>,
    findAccepted: (attempt: SentAttempt, excludeIds: ReadonlySet<string>) => call({ op: 'findAccepted', attempt, excludeIds: [...excludeIds] }) as Promise<Accepted | null>,
    probe: () => call({ op: 'probe' }).then(() => undefined),
    senderFor: (channel) => twilioSenderFor(config, channel),
    close: async () => {
      closed = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
      for (const c of waiting.values()) c.reject(new ProviderError('network', 'EPROVIDERTHREAD', 'The provider was closed', { ambiguous: true }));
      waiting.clear();
    },
  };
}
