/**
 * The messages between the Electron main thread and the core's worker thread. Everything here
 * crosses by structured clone; nothing else is shared except the one signal word of the
 * synchronous channel (sync-channel.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import type { CallResult } from '../../shared/ipc/result';
import type { CallContext } from '../ipc/registry';
import type { LogRecord } from '../foundation/logger';

/** What the worker is started with (its `workerData`). */
export interface CoreWorkerData {
  dataDir: string;
  migrationsFolder: string;
  allowedOrigins: string[];
  /** Port and signal of the synchronous channel the worker asks main for secrets and settings on. */
  syncPort: MessagePort;
  syncSignal: SharedArrayBuffer;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Main → worker. */
export type ToWorker =
  | { type: 'call'; id: number; name: string; input: unknown; ctx: CallContext }
  | { type: 'start' }
  | { type: 'close' };

/** Worker → main. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string; stack?: string }
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'log'; record: LogRecord }
  | { type: 'notify'; title: string; body: string }
  | { type: 'unread'; count: number }
  /** The sessions that are signed in and unlocked, sent whenever that changes. */
  | { type: 'sessions'; open: string[] }
  | { type: 'closed' };

/** Requests the worker makes synchronously (it blocks until main answers). */
export type SyncRequest =
  | { op: 'secret.get'; key: string }
  | { op: 'secret.has'; key: string }
  | { op: 'secret.set'; key: string; value: string }
  | { op: 'secret.delete'; key: string }
  | { op: 'settings.get'; key: string }
  | { op: 'settings.set'; key: string; value: unknown }
  | { op: 'updates.status' }
  | { op: 'updates.restart' };

/** A refusal main means as an expected error (a DomainError) keeps its code across the thread. */
export type SyncReply = { ok: true; value: unknown } | { ok: false; message: string; code?: string };
