/**
 * The core's ports as the worker sees them: secrets and settings are asked of the main thread
 * (which owns safeStorage and electron-store) over the synchronous channel; notifications and
 * log records are posted to it. Secrets are never cached in the worker; settings are, because
 * the engine reads the clinic settings on every pass and only the core writes them.
 */
import type { MessagePort } from 'node:worker_threads';
import type { UpdateStatus } from '../../shared/contract/updates';
import { conflict } from '../foundation/errors';
import type { Notifier, SecretStore, SettingsStore, UpdatesPort } from '../foundation/ports';
import type { LogSink } from '../foundation/logger';
import type { FromWorker, SyncRequest } from './protocol';

type Ask = (request: SyncRequest) => unknown;

export function remoteSecrets(ask: Ask): SecretStore {
  return {
    get: (key) => {
      const value = ask({ op: 'secret.get', key });
      return typeof value === 'string' ? value : null;
    },
    has: (key) => ask({ op: 'secret.has', key }) === true,
    set: (key, value) => void ask({ op: 'secret.set', key, value }),
    delete: (key) => void ask({ op: 'secret.delete', key }),
  };
}

export function remoteSettings(ask: Ask): SettingsStore {
  const cache = new Map<string, unknown>();
  return {
    get<T>(key: string): T | undefined {
      if (!cache.has(key)) cache.set(key, ask({ op: 'settings.get', key }));
      return cache.get(key) as T | undefined;
    },
    set<T>(key: string, value: T): void {
      ask({ op: 'settings.set', key, value });
      cache.set(key, structuredClone(value));
    },
  };
}

/**
 * App updates belong to main (electron-updater); the core answers the contract calls. A restart
 * is refused here first while a broadcast is sending, since only the core can see that for sure.
 */
export function remoteUpdates(ask: Ask, isBroadcastSending: () => boolean): UpdatesPort {
  return {
    status: () => ask({ op: 'updates.status' }) as UpdateStatus,
    restartToUpdate: () => {
      if (isBroadcastSending()) throw conflict('A broadcast is sending. Restart to update once it has finished, or pause it first.');
      ask({ op: 'updates.restart' });
    },
  };
}

export function postingNotifier(post: (message: FromWorker) => void): Notifier {
  return {
    notify: (title, body) => post({ type: 'notify', title, body }),
    setUnreadCount: (count) => post({ type: 'unread', count }),
  };
}

/** Log records go to main's file logger; errors inside fields are already plain objects. */
export function postingLogSink(post: (message: FromWorker) => void): LogSink {
  return (record) => post({ type: 'log', record });
}

export type { MessagePort };
