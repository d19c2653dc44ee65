/**
 * The application menu, replacing Electron's default (whose "Learn More" links to Electron and
 * whose DevTools toggle does nothing in the packaged app). Edit carries the clipboard roles, which
 * macOS needs for copy and paste shortcuts to work at all; View zooms the page (remembered); Help
 * says which version this is and opens the folders support asks for. Reload and DevTools appear
 * only when running from source.
 */
import { Menu, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { Logger } from '../foundation/logger';

export interface AppMenuActions {
  appName: string;
  version: string;
  isMac: boolean;
  /** Running from source (not packaged): adds Reload and Toggle Developer Tools. */
  developer: boolean;
  zoomIn(): void;
  zoomOut(): void;
  resetZoom(): void;
  showAbout(): void;
  openLogsFolder(): void;
  openDataFolder(): void;
}

export function appMenuTemplate(actions: AppMenuActions): MenuItemConstructorOptions[] {
  const { appName, isMac, developer } = actions;
  const about: MenuItemConstructorOptions = { id: 'about', label: `About ${appName}`, click: () => actions.showAbout() };

  const macApp: MenuItemConstructorOptions = {
    label: appName,
    submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      // Custom items rather than the zoom roles, so the level can be remembered.
      { id: 'zoomIn', label: 'Zoom In', accelerator: 'CommandOrControl+=', click: () => actions.zoomIn() },
      // The same action on Ctrl/Cmd and "+" (shifted "=" on most layouts, or the keypad).
      { id: 'zoomInPlus', label: 'Zoom In', accelerator: 'CommandOrControl+Plus', visible: false, acceleratorWorksWhenHidden: true, click: () => actions.zoomIn() },
      { id: 'zoomOut', label: 'Zoom Out', accelerator: 'CommandOrControl+-', click: () => actions.zoomOut() },
      { id: 'resetZoom', label: 'Actual Size', accelerator: 'CommandOrControl+0', click: () => actions.resetZoom() },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(developer ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
    ],
  };
  const window: MenuItemConstructorOptions = { role: 'windowMenu' };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      ...(isMac ? [] : [about, { type: 'separator' } satisfies MenuItemConstructorOptions]),
      { id: 'openLogs', label: 'Open the Logs Folder', click: () => actions.openLogsFolder() },
      { id: 'openData', label: 'Open the Data Folder', click: () => actions.openDataFolder() },
    ],
  };
  // No File menu with Quit on Windows: closing hides to the tray and quitting is in the tray menu,
  // so nobody stops the day's reminders by reaching for a shortcut.
  return [...(isMac ? [macApp] : []), edit, view, window, help];
}

export function installAppMenu(actions: AppMenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions)));
}

/** Help → About: the name and version (what support asks first), and the runtime underneath. */
export function showAboutDialog(window: BrowserWindow | null, appName: string, version: string, logger: Logger): void {
  const options = {
    type: 'info' as const,
    title: `About ${appName}`,
    message: `${appName} ${version}`,
    detail: `Electron ${process.versions.electron ?? '-'} · Chromium ${process.versions.chrome ?? '-'} · Node ${process.versions.node}`,
    buttons: ['OK'],
  };
  (window && !window.isDestroyed() ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options)).catch((error: unknown) =>
    logger.error('could not show the About box', { error }),
  );
}
