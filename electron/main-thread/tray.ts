/**
 * The tray (Windows notification area, macOS menu bar) icon: shows the unread count and offers
 * "Open Frontdesk" and "Quit", so staff can close the window and keep reminders going.
 */
import { Menu, Tray, nativeImage } from 'electron';

export interface AppTrayOptions {
  /** Coloured icon for Windows and Linux. */
  iconFile: string;
  /** Black-and-transparent "template" icon that macOS tints for light and dark menu bars. */
  macTemplateIconFile: string;
  onOpen(): void;
  onQuit(): void;
}

export class AppTray {
  private readonly tray: Tray;

  constructor(options: AppTrayOptions) {
    const isMac = process.platform === 'darwin';
    const image = nativeImage.createFromPath(isMac ? options.macTemplateIconFile : options.iconFile);
    if (isMac) image.setTemplateImage(true);
    this.tray = new Tray(image);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Frontdesk', click: () => options.onOpen() },
        { type: 'separator' },
        { label: 'Quit Frontdesk', click: () => options.onQuit() },
      ]),
    );
    // Windows and Linux: a left click opens the window (macOS shows the menu on click).
    if (!isMac) this.tray.on('click', () => options.onOpen());
    this.setUnreadCount(0);
  }

  /** The unread hook: tooltip everywhere, the count next to the icon in the macOS menu bar. */
  setUnreadCount(count: number): void {
    if (this.tray.isDestroyed()) return;
    this.tray.setToolTip(count > 0 ? `Frontdesk: ${count} unread` : 'Frontdesk');
    if (process.platform === 'darwin') this.tray.setTitle(count > 0 ? String(count) : '');
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
