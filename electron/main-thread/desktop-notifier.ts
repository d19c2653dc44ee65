/**
 * Desktop notifications (new inbound messages) and the unread badge: the dock badge on macOS,
 * the tray tooltip/title everywhere (Windows has no app badge for unpackaged apps).
 */
import { Notification, app } from 'electron';
import type { Logger } from '../foundation/logger';
import type { Notifier } from '../foundation/ports';

export interface DesktopNotifierOptions {
  logger: Logger;
  /** Called when staff click a notification: bring the window to the front. */
  onActivate(): void;
  /** The tray's unread hook. */
  setTrayUnread(count: number): void;
  /**
   * True while the desk is locked or nobody is signed in: notifications then say only that
   * something arrived, not who wrote or what, since anyone passing the screen can read them.
   */
  isPrivate?(): boolean;
}

const PRIVATE_BODY = 'Unlock Frontdesk to read it.';

export class DesktopNotifier implements Notifier {
  /** Shown notifications, kept referenced so their click handlers survive garbage collection. */
  private readonly shown = new Set<Notification>();

  constructor(private readonly options: DesktopNotifierOptions) {}

  notify(title: string, body: string): void {
    if (!Notification.isSupported()) {
      this.options.logger.warn('desktop notifications are not supported here', { title });
      return;
    }
    const hidden = this.options.isPrivate?.() ?? false;
    const notification = new Notification(hidden ? { title: 'Frontdesk: new message', body: PRIVATE_BODY } : { title, body });
    const forget = () => this.shown.delete(notification);
    notification.on('click', () => {
      forget();
      this.options.onActivate();
    });
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      forget();
      this.options.logger.warn('desktop notification failed', { title, error });
    });
    this.shown.add(notification);
    notification.show();
  }

  setUnreadCount(count: number): void {
    const n = Math.max(0, Math.floor(count));
    if (process.platform === 'darwin' && !app.setBadgeCount(n)) this.options.logger.warn('could not set the dock badge', { count: n });
    this.options.setTrayUnread(n);
  }
}
