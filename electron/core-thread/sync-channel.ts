/**
 * A synchronous request channel from the core worker to the main thread. The core's ports
 * (SecretStore, SettingsStore) are synchronous, and secrets must stay in main (safeStorage), so
 * the worker posts a request, blocks on a shared signal word, and reads the answer with
 * receiveMessageOnPort once main has posted it and raised the signal. Main never waits on the
 * worker, so this cannot deadlock; the worker blocks only itself, for one map lookup in main.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { DomainError } from '../foundation/errors';
import type { SyncReply, SyncRequest } from './protocol';

const WAIT_LIMIT_MS = 10_000;

export interface SyncChannelPair {
  /** Main's end: answer requests with `serveSyncChannel`. */
  mainPort: MessagePort;
  /** The worker's end, transferred in workerData. */
  workerPort: MessagePort;
  signal: SharedArrayBuffer;
}

export function createSyncChannel(): SyncChannelPair {
  const { port1, port2 } = new MessageChannel();
  return { mainPort: port1, workerPort: port2, signal: new SharedArrayBuffer(4) };
}

/** Main side: answers every request with `handle`'s value, or its error's message. */
export function serveSyncChannel(port: MessagePort, signal: SharedArrayBuffer, handle: (request: SyncRequest) => unknown): void {
  const word = new Int32Array(signal);
  port.on('message', (request: SyncRequest) => {
    let reply: SyncReply;
    try {
      reply = { ok: true, value: handle(request) };
    } catch (error) {
      reply = error instanceof DomainError
        ? { ok: false, message: error.message, code: error.code }
        : { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
    Atomics.store(word, 0, 1);
    Atomics.notify(word, 0);
  });
}

/** Worker side: a function that sends one request and returns main's answer (or throws its error). */
export function syncCaller(port: MessagePort, signal: SharedArrayBuffer): (request: SyncRequest) => unknown {
  const word = new Int32Array(signal);
  return (request) => {
    Atomics.store(word, 0, 0);
    port.postMessage(request);
    if (Atomics.wait(word, 0, 0, WAIT_LIMIT_MS) === 'timed-out') {
      throw new Error(`the main thread did not answer ${request.op} within ${WAIT_LIMIT_MS} ms`);
    }
    const received = receiveMessageOnPort(port);
    if (!received) throw new Error(`no answer to ${request.op} from the main thread`);
    const reply = received.message as SyncReply;
    if (!reply.ok) throw reply.code ? new DomainError(reply.code as DomainError['code'], reply.message) : new Error(reply.message);
    return reply.value;
  };
}
