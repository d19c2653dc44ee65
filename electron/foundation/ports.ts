/**
 * The small interfaces through which the plain-Node core sees the Electron shell. The shell
 * provides Electron-backed implementations (safeStorage, electron-store, Notification, tray);
 * tests and the dev transport provide file-backed ones.
 */
import type { EventName, EventPayload } from '../../shared/contract';
import type { UpdateStatus } from '../../shared/contract/updates';
import { DomainError } from './errors';

/** Secrets (provider credentials). The renderer only ever learns whether one is set. */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  has(key: string): boolean;
}

/** Non-secret settings persisted outside the database (electron-store in the app). */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
}

/** Desktop notifications and the tray's unread badge. */
export interface Notifier {
  notify(title: string, body: string): void;
  setUnreadCount(count: number): void;
}

/** Push events to every connected renderer. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export const silentNotifier: Notifier = { notify: () => undefined, setUnreadCount: () => undefined };

/** App updates (electron-updater in the shell). */
export interface UpdatesPort {
  status(): UpdateStatus;
  /** Quits and installs the downloaded update; throws a DomainError when it must not (a broadcast is sending). */
  restartToUpdate(): void;
}

/** The dev transport and tests: there is no installed app to update. */
export const updatesUnavailable: UpdatesPort = {
  status: () => ({ state: 'disabled', reason: 'Updates are installed only in the packaged app.' }),
  restartToUpdate: () => {
    throw new DomainError('conflict', 'There is no downloaded update to install.');
  },
};
