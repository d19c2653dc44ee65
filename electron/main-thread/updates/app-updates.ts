/**
 * The app's update service: electron-updater's platform updater (NSIS on Windows, Squirrel.Mac on
 * macOS) reading the feed electron-builder wrote into resources/app-update.yml from `publish`,
 * or updates switched off with the reason when there is nothing to update from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdateStatus } from '../../../shared/contract/updates';
import type { Clock } from '../../foundation/clock';
import type { Logger } from '../../foundation/logger';
import { UpdateService } from './update-service';

/** Why updates are off here, or null when electron-updater can run. */
export function updatesDisabledReason(options: { smokeTest: boolean }): string | null {
  if (options.smokeTest) return 'Updates are off during the smoke test.';
  if (!app.isPackaged) return 'Updates are installed only in the packaged app.';
  if (process.platform !== 'win32' && process.platform !== 'darwin') return 'Updates are published for Windows and macOS only.';
  if (!fs.existsSync(path.join(process.resourcesPath, 'app-update.yml'))) {
    return 'This build has no update feed (it was built without FRONTDESK_UPDATE_URL).';
  }
  return null;
}

export function createAppUpdates(options: {
  smokeTest: boolean;
  clock: Clock;
  logger: Logger;
  /** Whether a broadcast is sending right now (main follows the core's broadcast.progress events). */
  isBroadcastSending(): boolean;
  onChange(status: UpdateStatus): void;
}): UpdateService {
  const reason = updatesDisabledReason({ smokeTest: options.smokeTest });
  if (reason) options.logger.info('updates off', { reason });
  return new UpdateService({
    updater: reason ? null : electronUpdater.autoUpdater,
    disabledReason: reason ?? undefined,
    clock: options.clock,
    logger: options.logger,
    isBroadcastSending: options.isBroadcastSending,
    onChange: options.onChange,
  });
}
