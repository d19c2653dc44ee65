/**
 * The Electron main process entry: a thin shell around the plain-Node core. It owns the app's
 * lifecycle (single instance, tray, quit), the locked-down window, the app:// protocol and the
 * Electron-backed adapters the core sees through its ports; everything else lives in the core.
 */
import path from 'node:path';
import { BrowserWindow, app, dialog, session } from 'electron';
import { startCoreHost, type CoreHost } from '../core-thread/core-host';
import { coreWorkerFile } from '../core-thread/worker-file';
import { systemClock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { DesktopNotifier } from './desktop-notifier';
import { setUpDesktopDuties, type DesktopDuties } from './desktop-duties';
import { ExternalLinks } from './external-links';
import { ElectronSettingsStore } from './electron-settings-store';
import { clinicMirror } from './clinic-mirror';
import { createFileLogger } from './file-logger';
import { DESKTOP_SESSION, wireIpc } from './ipc-wiring';
import { createMainWindow, focusWindow } from './main-window';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { cleanUpSmokeTest, runSmokeTest, smokeTestMode } from './smoke-test';
import { AppTray } from './tray';
import { createAppUpdates } from './updates/app-updates';
import { SendingBroadcasts } from './updates/sending-broadcasts';
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
let core: CoreHost | null = null;
let tray: AppTray | null = null;
let duties: DesktopDuties | null = null;
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
    showWhenReady: !(duties?.takeStartHidden() ?? false),
  });
  duties?.attach(mainWindow);
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

  const webLogger = log().child({ component: 'web-security' });
  guardWebContents({ allowedOrigin, logger: webLogger, links: new ExternalLinks({ allowedOrigin, clock: systemClock, logger: webLogger }) });
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
    isPrivate: () => !core?.sessionOpen(DESKTOP_SESSION),
  });

  const sending = new SendingBroadcasts();
  updates = createAppUpdates({
    smokeTest: smoke !== null,
    clock: systemClock,
    logger: log().child({ component: 'updates' }),
    isBroadcastSending: () => sending.any(),
    onChange: (status) => core?.publish('updates.changed', status),
  });
  const settings = new ElectronSettingsStore();
  const clinic = clinicMirror(settings);
  // The whole core (SQLite, engine, scheduler, import, export) runs on its own worker thread, so
  // this thread's event loop only ever serves the window, IPC and the tray. Secrets stay here.
  const worker = coreWorkerFile();
  core = startCoreHost({
    workerFile: worker.file,
    execArgv: worker.execArgv,
    dataDir: userData,
    migrationsFolder: app.isPackaged ? path.join(process.resourcesPath, 'migrations') : path.join(appPath, 'migrations'),
    logger: log().child({ component: 'core' }),
    secrets: new SafeStorageSecretStore(),
    settings,
    onSettingWritten: (key) => clinic.settingWritten(key),
    notifier,
    allowedOrigins: [allowedOrigin],
    updates,
  });
  core.subscribe((name, payload) => sending.follow(name, payload));
  wireIpc(core, log().child({ component: 'ipc' }));
  await core.ready;
  duties = setUpDesktopDuties({ appUrl, userData, clock: systemClock, logger: log().child({ component: 'desktop' }), clinic, currentWindow: () => mainWindow });
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
