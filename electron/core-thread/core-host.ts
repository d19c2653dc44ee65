/**
 * The main thread's side of the core worker: starts the worker, forwards contract calls to it
 * and relays its events, answers its synchronous requests for secrets and settings (which stay in
 * main), and supervises it. If the worker dies it is restarted with backoff; the durable outbox
 * makes that safe, since every queued message is already committed. Calls made while it restarts
 * get an `unavailable` result, and staff see the state through the `core.status` event.
 */
import { Worker } from 'node:worker_threads';
import type { CallResult } from '../../shared/ipc/result';
import { fail } from '../../shared/ipc/result';
import { eventsWhileLocked, type EventName, type EventPayload } from '../../shared/contract';
import type { EventListener } from '../foundation/event-bus';
import type { Logger, LogLevel } from '../foundation/logger';
import { updatesUnavailable, type Notifier, type SecretStore, type SettingsStore, type UpdatesPort } from '../foundation/ports';
import type { CallContext, CallRegistry } from '../ipc/registry';
import type { FromWorker, SyncRequest, ToWorker } from './protocol';
import { createSyncChannel, serveSyncChannel } from './sync-channel';

export type CoreThreadState = 'starting' | 'ready' | 'restarting' | 'stopped';

export interface CoreHostOptions {
  /** The worker entry: the built core-worker.js, or worker-entry.ts with a TypeScript loader. */
  workerFile: URL;
  /** Extra Node options for the worker (e.g. ['--import', 'tsx'] when running from source). */
  execArgv?: string[];
  dataDir: string;
  migrationsFolder: string;
  allowedOrigins: string[];
  logger: Logger;
  logLevel?: LogLevel;
  secrets: SecretStore;
  settings: SettingsStore;
  notifier: Notifier;
  /** App updates (electron-updater in the app); the core's updates.* calls are answered from it. */
  updates?: UpdatesPort;
  /** Told after the core wrote a setting through main's store (main mirrors what it needs). */
  onSettingWritten?: (key: string) => void;
  /** Restart delays: base doubles per consecutive crash, up to max. */
  restartBaseMs?: number;
  restartMaxMs?: number;
  /** How long `close` waits for the core to finish before terminating the thread. */
  closeTimeoutMs?: number;
  /** The worker's V8 young generation cap in MB (default CORE_YOUNG_GENERATION_MB). */
  youngGenerationMb?: number;
}

/**
 * V8 lets a thread's young generation grow to 192 MB here; loading the core's modules alone
 * grows it past 100 MB, and V8 keeps it. Capped at 64 MB the app's resident memory at start-up is
 * the same as at 16 MB (about 190 MB at 1M messages, bench/startup.bench.ts), while bulk work,
 * which allocates a row object per patient, scavenges a quarter as often: a 100,000-patient
 * import's apply and a 50,000-recipient broadcast run about a fifth faster than at 16 MB
 * (bench/import.bench.ts, bench/engine-queue.bench.ts).
 */
export const CORE_YOUNG_GENERATION_MB = 64;

export interface CoreHost {
  registry: CallRegistry;
  subscribe(listener: EventListener): () => void;
  /** Resolves once the first core is up (migrations done); rejects if it could not start. */
  ready: Promise<void>;
  state(): CoreThreadState;
  /** Starts the core's background work (engine, scheduler, watched folder). */
  start(): void;
  close(): Promise<void>;
  /** The live worker's thread id, for tests and logs. */
  threadId(): number | null;
  /** Whether a push event may go to that session now (the core's rule, from its last report). */
  eventAllowed(sessionKey: string, name: EventName): boolean;
  /** Whether that session is signed in and unlocked. */
  sessionOpen(sessionKey: string): boolean;
  /** Sends an event of main's own (app updates) to the same subscribers as the core's. */
  publish<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Stops the worker abruptly, exactly as a crash would; supervision then restarts it. */
  kill(): Promise<void>;
}

const UNAVAILABLE = 'Frontdesk is restarting its background service; try again in a moment.';

export function startCoreHost(options: CoreHostOptions): CoreHost {
  const log = options.logger;
  const listeners = new Set<EventListener>();
  const pending = new Map<number, (result: CallResult<unknown>) => void>();
  let nextId = 1;
  let worker: Worker | null = null;
  let current: CoreThreadState = 'starting';
  let started = false;
  let closing = false;
  let everReady = false;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let closed: (() => void) | null = null;
  let openSessions = new Set<string>();

  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    for (const listener of listeners) listener(name, payload);
  };
  const setState = (state: CoreThreadState, message: string): void => {
    current = state;
    emit('core.status', { state, restarts: crashes, message });
  };

  const answer = (request: SyncRequest): unknown => {
    switch (request.op) {
      case 'secret.get':
        return options.secrets.get(request.key);
      case 'secret.has':
        return options.secrets.has(request.key);
      case 'secret.set':
        return options.secrets.set(request.key, request.value);
      case 'secret.delete':
        return options.secrets.delete(request.key);
      case 'settings.get':
        return options.settings.get(request.key);
      case 'settings.set':
        options.settings.set(request.key, request.value);
        options.onSettingWritten?.(request.key);
        return undefined;
      case 'updates.status':
        return (options.updates ?? updatesUnavailable).status();
      case 'updates.restart':
        return (options.updates ?? updatesUnavailable).restartToUpdate();
    }
  };

  const relayLog = (record: FromWorker & { type: 'log' }): void => {
    const { level, msg, at: _at, ...fields } = record.record;
    log[level](msg, fields);
  };

  function spawn(): void {
    const channel = createSyncChannel();
    serveSyncChannel(channel.mainPort, channel.signal, answer);
    const w = new Worker(options.workerFile, {
      execArgv: options.execArgv ?? [],
      workerData: {
        dataDir: options.dataDir,
        migrationsFolder: options.migrationsFolder,
        allowedOrigins: options.allowedOrigins,
        syncPort: channel.workerPort,
        syncSignal: channel.signal,
        logLevel: options.logLevel ?? 'info',
      },
      transferList: [channel.workerPort],
      name: 'frontdesk-core',
      resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb ?? CORE_YOUNG_GENERATION_MB },
    });
    worker = w;
    let fatal: string | null = null;

    w.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          everReady = true;
          setState('ready', 'The background service is running.');
          if (started) w.postMessage({ type: 'start' } satisfies ToWorker);
          resolveReady();
          return;
        case 'fatal':
          fatal = message.message;
          log.error('core could not start', { error: { message: message.message, stack: message.stack } });
          return;
        case 'result': {
          const settle = pending.get(message.id);
          pending.delete(message.id);
          settle?.(message.result);
          return;
        }
        case 'event':
          for (const listener of listeners) listener(message.name as EventName, message.payload);
          return;
        case 'log':
          relayLog(message);
          return;
        case 'notify':
          options.notifier.notify(message.title, message.body);
          return;
        case 'unread':
          options.notifier.setUnreadCount(message.count);
          return;
        case 'sessions':
          openSessions = new Set(message.open);
          return;
        case 'closed':
          return;
      }
    });
    w.on('error', (error) => log.error('core thread failed', { error }));
    w.on('exit', (code) => {
      channel.mainPort.close();
      if (worker === w) worker = null;
      // Sessions live in the core: a new core starts with nobody signed in.
      openSessions = new Set();
      for (const settle of pending.values()) settle(fail('unavailable', UNAVAILABLE));
      pending.clear();
      if (closing) {
        setState('stopped', 'The background service has stopped.');
        closed?.();
        return;
      }
      if (!everReady) {
        // It never came up (the database could not be opened, a migration failed): restarting
        // would fail the same way, so the app shows the error instead of looping.
        setState('stopped', fatal ?? `The background service stopped while starting (exit code ${code}).`);
        rejectReady(new Error(fatal ?? `the core thread exited with code ${code} before it was ready`));
        return;
      }
      crashes += 1;
      const delay = Math.min(options.restartMaxMs ?? 30_000, (options.restartBaseMs ?? 500) * 2 ** Math.min(crashes - 1, 10));
      log.error('core thread exited; restarting', { code, crashes, delayMs: delay });
      setState('restarting', `The background service stopped unexpectedly and restarts in ${Math.ceil(delay / 1000)} s. Queued messages are safe.`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (!closing) spawn();
      }, delay);
    });
  }

  spawn();

  const registry: CallRegistry = {
    invoke: (name: string, input: unknown, ctx: CallContext) => {
      const w = worker;
      if (!w || current !== 'ready') return Promise.resolve(fail('unavailable', UNAVAILABLE));
      const id = nextId++;
      return new Promise<CallResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        w.postMessage({ type: 'call', id, name, input, ctx } satisfies ToWorker);
      });
    },
  };

  return {
    registry,
    ready,
    state: () => current,
    threadId: () => worker?.threadId ?? null,
    eventAllowed: (sessionKey, name) => (eventsWhileLocked as readonly EventName[]).includes(name) || openSessions.has(sessionKey),
    sessionOpen: (sessionKey) => openSessions.has(sessionKey),
    publish: (name, payload) => emit(name, payload),
    kill: async () => {
      await worker?.terminate();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => {
      started = true;
      if (worker && current === 'ready') worker.postMessage({ type: 'start' } satisfies ToWorker);
    },
    close: async () => {
      if (closing) return;
      closing = true;
      if (restartTimer) clearTimeout(restartTimer);
      const w = worker;
      if (!w) {
        setState('stopped', 'The background service has stopped.');
        return;
      }
      const exited = new Promise<void>((resolve) => {
        closed = resolve;
      });
      w.postMessage({ type: 'close' } satisfies ToWorker);
      const timeout = setTimeout(() => {
        log.warn('core thread did not close in time; terminating it', { timeoutMs: options.closeTimeoutMs ?? 15_000 });
        void w.terminate();
      }, options.closeTimeoutMs ?? 15_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
