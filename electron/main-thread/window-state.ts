/**
 * Remembers the main window's position, size and maximised state between runs (in electron-store)
 * and restores them, keeping the window on a screen that still exists (a laptop undocked from
 * its second monitor must not open Frontdesk off-screen).
 */
import Store from 'electron-store';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import type { Logger } from '../foundation/logger';

export interface WindowState {
  bounds: Rectangle | null;
  maximized: boolean;
}

const DEFAULT_SIZE = { width: 1280, height: 820 };
const MIN_VISIBLE = 100; // pixels of the window that must land on a display

function isRectangle(value: unknown): value is Rectangle {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function visibleOnSomeDisplay(bounds: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const w = Math.min(bounds.x + bounds.width, a.x + a.width) - Math.max(bounds.x, a.x);
    const h = Math.min(bounds.y + bounds.height, a.y + a.height) - Math.max(bounds.y, a.y);
    return w >= MIN_VISIBLE && h >= MIN_VISIBLE;
  });
}

/** Clamps the size to the primary display so a window saved on a large monitor still fits. */
function fitToPrimary(bounds: Rectangle): Rectangle {
  const area = screen.getPrimaryDisplay().workArea;
  return { ...bounds, width: Math.min(bounds.width, area.width), height: Math.min(bounds.height, area.height) };
}

export class WindowStateKeeper {
  private readonly store = new Store<{ window: WindowState }>({ name: 'window-state' });

  constructor(private readonly logger: Logger) {}

  /** The bounds to create the window with (x/y omitted → centred), and whether to maximise. */
  initial(): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
    const saved = this.store.get('window');
    if (saved && isRectangle(saved.bounds) && visibleOnSomeDisplay(saved.bounds)) {
      return { bounds: saved.bounds, maximized: saved.maximized === true };
    }
    if (saved?.bounds) this.logger.info('saved window position is off-screen; centring the window');
    const size = isRectangle(saved?.bounds) ? fitToPrimary(saved.bounds) : fitToPrimary({ x: 0, y: 0, ...DEFAULT_SIZE });
    return { bounds: { width: size.width, height: size.height }, maximized: saved?.maximized === true };
  }

  /** Saves the window's state whenever it settles after a move or resize, and when it closes. */
  track(window: BrowserWindow): void {
    let timer: NodeJS.Timeout | undefined;
    const save = () => {
      if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
      const maximized = window.isMaximized();
      // While maximised, keep the last normal bounds so un-maximising restores them.
      const bounds = maximized ? window.getNormalBounds() : window.getBounds();
      this.store.set('window', { bounds, maximized });
    };
    const saveSoon = () => {
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    window.on('resize', saveSoon);
    window.on('move', saveSoon);
    window.on('maximize', saveSoon);
    window.on('unmaximize', saveSoon);
    window.on('close', () => {
      clearTimeout(timer);
      save();
    });
  }
}
