/**
 * The Electron main process entry: a thin shell around the plain-Node core. It owns the app's
 * lifecycle (single instance, tray, quit), the locked-down window, the app:// protocol and the
 * Electron-backed adapters the core sees through its ports; everything else lives in the core.
 */
import path from 'node:path';
import { BrowserWindow, app, dialog, session } from 'electron';
import { createCore, type Core } from '../core/create-core';
import { systemClock } from '../core/clock';
import type { Logger } from '../core/logger';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { DesktopNotifier } from './desktop-notifier';
import { ElectronSettingsStore } from './electron-settings-store';
import { createFileLogger } from './file-logger';
import { wireIpc } from './ipc-wiring';
import { createMainWindow, focusWindow } from './main-window';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { cleanUpSmokeTest, runSmokeTest, smokeTestMode } from './smoke-test';
import { AppTray } from './tray';
import { createAppUpdates } from './updates/app-updates';
import type { UpdateService } from './updates/update-service';
import { guardWebContents, hardenSession, originOf } from './web-security';
import { WindowStateKeeper } from './window-state';

// The dev server URL is honoured only when running from source: a packaged app must never load
// its privileged UI from wherever an environment variable points.
const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL || null) : null;
const appUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
const allowedOrigin = originOf(appUrl) ?? APP_ORIGIN;

// `--smoke-test` (release CI) runs on a throw-away data folder; see smoke-test.ts.
const smoke = smokeTestMode(process.argv);
let smokeExitCode = 0;
// Development data never mixes with a real installation's patients.
if (smoke) app.setPath('userData', smoke.userData);
else if (!app.isPackaged) app.setPath('userData', path.join(app.getPath('appData'), 'Frontdesk (development)'));

app.enableSandbox();
registerAppScheme();
// Windows groups notifications and the taskbar entry by this id; it must match electron-builder's appId.
if (process.platform === 'win32') app.setAppUserModelId('com.frontdesk.app');

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let tray: AppTray | null = null;
let updates: UpdateService | null = null;
let quitting = false;

function showWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) focusWindow(mainWindow);
  else if (app.isReady() && core) openWindow();
}

function openWindow(): void {
  const appPath = app.getAppPath();
  mainWindow = createMainWindow({
    preloadFile: path.join(appPath, 'out', 'preload', 'index.cjs'),
    iconFile: path.join(appPath, 'resources', 'icon.png'),
    windowState: new WindowStateKeeper(log()),
    devTools: !app.isPackaged,
  });
  // Closing the window keeps Frontdesk in the tray so reminders and retries keep going;
  // "Quit Frontdesk" in the tray menu (or the OS quit shortcut) really quits.
  mainWindow.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    mainWindow?.hide();
    log().info('window hidden to tray');
  });
  // Windows is logging off or shutting down: let the window close so the app can quit cleanly.
  mainWindow.on('session-end', () => {
    quitting = true;
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  mainWindow.webContents.on('render-process-gone', (_event, details) => log().error('renderer process gone', { ...details }));
  mainWindow.loadURL(appUrl).catch((error: unknown) => log().error('could not load the renderer', { url: appUrl, error }));
}

let logger: Logger | null = null;
let closeLogFile: () => void = () => undefined;
function log(): Logger {
  if (!logger) throw new Error('logger used before the app was ready');
  return logger;
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const fileLogger = createFileLogger(path.join(userData, 'logs'));
  logger = fileLogger.logger;
  closeLogFile = fileLogger.close;
  const appPath = app.getAppPath();
  log().info('starting Frontdesk', { version: app.getVersion(), electron: process.versions.electron, packaged: app.isPackaged, userData, dev: devServerUrl !== null });

  guardWebContents({ allowedOrigin, logger: log().child({ component: 'web-security' }) });
  hardenSession(session.defaultSession, { appOrigin: APP_ORIGIN, devOrigin: devServerUrl ? originOf(devServerUrl) : null, logger: log() });
  serveRenderer(path.join(appPath, 'out', 'renderer'), log().child({ component: 'app-protocol' }));

  const resources = path.join(appPath, 'resources');
  tray = new AppTray({
    iconFile: path.join(resources, 'tray.png'),
    macTemplateIconFile: path.join(resources, 'trayTemplate.png'),
    onOpen: showWindow,
    onQuit: () => app.quit(),
  });
  const notifier = new DesktopNotifier({
    logger: log().child({ component: 'notifier' }),
    onActivate: showWindow,
    setTrayUnread: (count) => tray?.setUnreadCount(count),
  });

  updates = createAppUpdates({
    smokeTest: smoke !== null,
    clock: systemClock,
    logger: log().child({ component: 'updates' }),
    core: () => core,
    onChange: (status) => core?.events.emit('updates.changed', status),
  });
  core = createCore({
    dataDir: userData,
    migrationsFolder: app.isPackaged ? path.join(process.resourcesPath, 'migrations') : path.join(appPath, 'migrations'),
    clock: systemClock,
    logger: log().child({ component: 'core' }),
    secrets: new SafeStorageSecretStore(),
    settings: new ElectronSettingsStore(),
    notifier,
    allowedOrigins: [allowedOrigin],
    updates,
  });
  wireIpc(core, log().child({ component: 'ipc' }));
  openWindow();
  core.start();
  updates.start();
  if (smoke && mainWindow) {
    void runSmokeTest({ window: mainWindow, logger: log().child({ component: 'smoke-test' }) }).then((code) => {
      smokeExitCode = code;
      app.quit();
    });
  }
}

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (logger) logger.error('Frontdesk could not start', { error });
  else process.stderr.write(`Frontdesk could not start: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
  // A modal dialog would hang an unattended smoke run until the CI job times out.
  if (smoke) {
    process.stderr.write(`Frontdesk could not start: ${message}\n`);
    closeLogFile();
    cleanUpSmokeTest(smoke);
  } else dialog.showErrorBox(
    'Frontdesk could not start',
    `${message}\n\nDetails are in ${path.join(app.getPath('userData'), 'logs', 'main.log')}.`,
  );
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another Frontdesk is running: it gets a 'second-instance' event and comes to the front.
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('activate', showWindow); // macOS: dock icon clicked
  app.on('window-all-closed', () => {
    // Stay alive in the tray (see the window's 'close' handler); quitting is explicit.
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  let shutdownDone = false;
  app.on('will-quit', (event) => {
    if (shutdownDone || !core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    updates?.stop();
    closing
      .close()
      .catch((error: unknown) => log().error('core did not close cleanly', { error }))
      .finally(() => {
        shutdownDone = true;
        tray?.destroy();
        log().info('Frontdesk quit');
        closeLogFile();
        if (!smoke) return app.quit();
        cleanUpSmokeTest(smoke);
        app.exit(smokeExitCode);
      });
  });
  process.on('unhandledRejection', (reason) => {
    if (logger) logger.error('unhandled promise rejection', { error: reason });
    else process.stderr.write(`unhandled promise rejection: ${String(reason)}\n`);
  });
  app.whenReady().then(start).catch(fatal);
}
