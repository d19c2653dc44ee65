/**
 * Keeps the installed app up to date with electron-updater: checks at start and then daily,
 * downloads in the background, and tells the renderer (an `updates.changed` event) so it can
 * offer "Restart to update". It never restarts by itself, and refuses the restart while a
 * broadcast is sending: quitting mid-broadcast would stop it until the app is back.
 */
import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater';
import type { UpdateStatus } from '../../../shared/contract/updates';
import type { Clock } from '../../foundation/clock';
import type { Core } from '../../core-thread/create-core';
import { DomainError } from '../../foundation/errors';
import type { Logger } from '../../foundation/logger';
import type { UpdatesPort } from '../../foundation/ports';

export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Asks the core whether any broadcast is in the 'sending' status right now. */
export function broadcastSending(core: Pick<Core, 'services'> | null): boolean {
  return (core?.services.broadcasts.list('sending').length ?? 0) > 0;
}

/** The part of electron-updater's AppUpdater this service drives. */
export type Updater = Pick<AppUpdater, 'on' | 'checkForUpdates' | 'quitAndInstall' | 'autoDownload' | 'autoInstallOnAppQuit' | 'logger'>;

export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface UpdateServiceOptions {
  /** null: updates are off (running from source, an unsupported platform, no feed); `disabledReason` says why. */
  updater: Updater | null;
  disabledReason?: string;
  clock: Clock;
  logger: Logger;
  /** Asked right before a restart: is a broadcast in the 'sending' status? */
  isBroadcastSending(): boolean;
  onChange(status: UpdateStatus): void;
  timers?: Timers;
  /** Runs the restart after the call that asked for it has been answered. */
  defer?: (run: () => void) => void;
}

function notesOf(info: UpdateInfo): string | null {
  const notes = info.releaseNotes;
  if (notes == null) return null;
  if (typeof notes === 'string') return notes;
  return notes.map((note) => note.note ?? '').filter(Boolean).join('\n\n') || null;
}

export class UpdateService implements UpdatesPort {
  private current: UpdateStatus;
  private interval: unknown = null;
  private readonly timers: Timers;
  private readonly defer: (run: () => void) => void;

  constructor(private readonly options: UpdateServiceOptions) {
    this.timers = options.timers ?? { setInterval: (cb, ms) => setInterval(cb, ms), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
    this.defer = options.defer ?? ((run) => setImmediate(run));
    this.current = options.updater
      ? { state: 'idle', checkedAt: null }
      : { state: 'disabled', reason: options.disabledReason ?? 'Updates are off in this build.' };
    if (options.updater) this.listen(options.updater);
  }

  status(): UpdateStatus {
    return this.current;
  }

  /** Checks now, then once a day. */
  start(): void {
    if (!this.options.updater || this.interval) return;
    void this.check();
    const handle = this.timers.setInterval(() => void this.check(), UPDATE_CHECK_INTERVAL_MS);
    // The daily check must not keep the process alive on its own.
    (handle as { unref?: () => unknown }).unref?.();
    this.interval = handle;
  }

  stop(): void {
    if (this.interval) this.timers.clearInterval(this.interval);
    this.interval = null;
  }

  /** One check; failures (offline, feed down) end up in the status and the log, never thrown. */
  async check(): Promise<void> {
    const updater = this.options.updater;
    if (!updater) return;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      // electron-updater has already emitted 'error' for it.
      this.options.logger.debug('update check failed', { error });
    }
  }

  restartToUpdate(): void {
    const updater = this.options.updater;
    if (!updater || this.current.state !== 'downloaded') throw new DomainError('conflict', 'There is no downloaded update to install.');
    if (this.options.isBroadcastSending()) {
      throw new DomainError('conflict', 'A broadcast is sending. Restart to update once it has finished, or pause it first.');
    }
    const version = this.current.version;
    this.options.logger.info('restarting to install the update', { version });
    this.defer(() => updater.quitAndInstall(false, true));
  }

  private set(status: UpdateStatus): void {
    this.current = status;
    this.options.onChange(status);
  }

  private listen(updater: Updater): void {
    const { logger, clock } = this.options;
    updater.autoDownload = true;
    // An update downloaded but not yet installed goes in when the app is quit normally.
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (message?: unknown) => logger.info(String(message), { component: 'electron-updater' }),
      warn: (message?: unknown) => logger.warn(String(message), { component: 'electron-updater' }),
      error: (message?: unknown) => logger.error(String(message), { component: 'electron-updater' }),
      debug: (message: string) => logger.debug(message, { component: 'electron-updater' }),
    };
    updater.on('checking-for-update', () => {
      if (this.current.state !== 'downloaded' && this.current.state !== 'downloading') this.set({ state: 'checking' });
    });
    updater.on('update-not-available', () => {
      if (this.current.state !== 'downloaded') this.set({ state: 'idle', checkedAt: new Date(clock.now()).toISOString() });
    });
    updater.on('update-available', (info: UpdateInfo) => {
      logger.info('update available', { version: info.version });
      this.set({ state: 'downloading', version: info.version, percent: 0 });
    });
    updater.on('download-progress', (progress: ProgressInfo) => {
      if (this.current.state !== 'downloading') return;
      this.set({ ...this.current, percent: Math.max(0, Math.min(100, progress.percent)) });
    });
    updater.on('update-downloaded', (info: UpdateInfo) => {
      logger.info('update downloaded', { version: info.version });
      this.set({ state: 'downloaded', version: info.version, releaseNotes: notesOf(info) });
    });
    updater.on('error', (error: Error) => {
      logger.warn('update check or download failed', { error });
      // A failed later check must not take away an update that is ready to install.
      if (this.current.state !== 'downloaded') this.set({ state: 'error', message: error.message });
    });
  }
}
