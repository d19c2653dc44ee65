/**
 * The main window, locked down per Electron's security checklist: sandboxed renderer with context
 * isolation, no Node, no webviews, web security on. Its bounds persist between runs.
 */
import { BrowserWindow } from 'electron';
import type { WindowStateKeeper } from './window-state';

export interface MainWindowOptions {
  preloadFile: string;
  iconFile: string;
  windowState: WindowStateKeeper;
  /** Off in the packaged app: nobody can be talked into pasting code into a console there. */
  devTools: boolean;
  /** False when started at login: the window waits in the tray until someone opens it. */
  showWhenReady?: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { bounds, maximized } = options.windowState.initial();
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Frontdesk',
    icon: options.iconFile,
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: options.devTools,
    },
  });
  options.windowState.track(window);
  window.once('ready-to-show', () => {
    if (options.showWhenReady === false) return;
    if (maximized) window.maximize();
    window.show();
  });
  return window;
}

/** Brings the window back from the tray, the taskbar or behind other windows. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
