/**
 * Resolves once the next frame has been painted (a task queued from requestAnimationFrame runs
 * after that frame's paint), or after `capMs` when no frame comes (a hidden window paints none).
 */
export interface FrameClock {
  requestAnimationFrame(callback: () => void): unknown;
  setTimeout(callback: () => void, ms: number): unknown;
}

export function afterNextPaint(clock: FrameClock, capMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    clock.requestAnimationFrame(() => clock.setTimeout(resolve, 0));
    clock.setTimeout(resolve, capMs);
  });
}
