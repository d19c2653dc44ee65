/**
 * What a workstation app owes the desktop, wired in one place so main.ts stays a start chain:
 * the application menu (with remembered zoom), start at login (hidden in the tray), and the
 * crash/hang recovery of each window, and each window's errors in the log.
 */
import path from 'node:path';
import { app, type BrowserWindow } from 'electron';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import type { ClinicSettings } from '../../shared/domain';
import { installAppMenu, showAboutDialog } from './app-menu';
import { openFolder } from './folders';
import { keepLoginItemInSync, startedAtLogin } from './login-item';
import { logRendererErrors } from './renderer-errors';
import { watchRenderer } from './renderer-recovery';
import { ZoomKeeper } from './zoom';

export interface DesktopDutiesOptions {
  appUrl: string;
  userData: string;
  clock: Clock;
  logger: Logger;
  clinic: { get(): ClinicSettings; onChange(listener: (settings: ClinicSettings) => void): () => void };
  /** The main window now (menu actions act on it). */
  currentWindow(): BrowserWindow | null;
}

export interface DesktopDuties {
  /** True once if started by the login item: the first window waits in the tray until opened. */
  takeStartHidden(): boolean;
  /** Zoom, recovery and error logging for a newly created window. */
  attach(window: BrowserWindow): void;
  dispose(): void;
}

export function setUpDesktopDuties(options: DesktopDutiesOptions): DesktopDuties {
  const { logger, userData } = options;
  const logsFolder = path.join(userData, 'logs');
  const zoom = new ZoomKeeper();
  const onWindow = (fn: (window: BrowserWindow) => void) => () => {
    const window = options.currentWindow();
    if (window && !window.isDestroyed()) fn(window);
  };

  installAppMenu({
    appName: app.getName(),
    version: app.getVersion(),
    isMac: process.platform === 'darwin',
    developer: !app.isPackaged,
    zoomIn: onWindow((w) => zoom.zoomIn(w.webContents)),
    zoomOut: onWindow((w) => zoom.zoomOut(w.webContents)),
    resetZoom: onWindow((w) => zoom.reset(w.webContents)),
    showAbout: () => showAboutDialog(options.currentWindow(), app.getName(), app.getVersion(), logger),
    openLogsFolder: () => openFolder(logsFolder, logger),
    openDataFolder: () => openFolder(userData, logger),
  });
  const stopLoginSync = keepLoginItemInSync(app, options.clinic, logger.child({ component: 'login-item' }));
  let startHidden = startedAtLogin(app, process.argv);
  if (startHidden) logger.info('started at login; staying in the tray');

  return {
    takeStartHidden() {
      const hidden = startHidden;
      startHidden = false;
      return hidden;
    },
    attach(window) {
      zoom.attach(window.webContents);
      logRendererErrors(window.webContents, logger.child({ component: 'window' }));
      watchRenderer(window, { appUrl: options.appUrl, clock: options.clock, logger: logger.child({ component: 'recovery' }), openLogsFolder: () => openFolder(logsFolder, logger) });
    },
    dispose: stopLoginSync,
  };
}
