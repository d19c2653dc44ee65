/**
 * Page zoom from the View menu (receptionists enlarge the text on a small or far-away screen),
 * remembered between runs in electron-store and applied again after every load and reload.
 */
import Store from 'electron-store';
import type { WebContents } from 'electron';

const STEP = 0.5;
const MIN_LEVEL = -3;
const MAX_LEVEL = 5;

type Zoomable = Pick<WebContents, 'setZoomLevel' | 'on'>;

export class ZoomKeeper {
  private readonly store = new Store<{ level: number }>({ name: 'zoom', defaults: { level: 0 } });

  level(): number {
    const saved = this.store.get('level');
    return typeof saved === 'number' && Number.isFinite(saved) ? Math.min(MAX_LEVEL, Math.max(MIN_LEVEL, saved)) : 0;
  }

  /** Applies the remembered zoom to a window's contents now and after each load. */
  attach(contents: Zoomable): void {
    contents.on('did-finish-load', () => contents.setZoomLevel(this.level()));
  }

  zoomIn(contents: Zoomable): void {
    this.set(contents, this.level() + STEP);
  }

  zoomOut(contents: Zoomable): void {
    this.set(contents, this.level() - STEP);
  }

  reset(contents: Zoomable): void {
    this.set(contents, 0);
  }

  private set(contents: Zoomable, level: number): void {
    const clamped = Math.min(MAX_LEVEL, Math.max(MIN_LEVEL, level));
    this.store.set('level', clamped);
    contents.setZoomLevel(clamped);
  }
}
