/**
 * Watches keyboard, mouse and touch activity: tells main at most every 15 seconds that the staff
 * member is active (`auth.activity`, the only thing main counts as activity: polling and refetches
 * do not postpone the lock), and calls `onIdle` after `idleLockMinutes` without any.
 */
import { useEffect, useRef } from 'react';
import { useApi } from '../ipc/ApiContext';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;
// Well under the shortest idle limit (1 minute), so main never locks someone who is typing.
export const REPORT_EVERY_MS = 15_000;
const CHECK_EVERY_MS = 5_000;

export function useIdleLock(options: { enabled: boolean; idleLockMinutes: number; onIdle(): void }): void {
  const api = useApi();
  const onIdle = useRef(options.onIdle);
  useEffect(() => {
    onIdle.current = options.onIdle;
  });

  const { enabled, idleLockMinutes } = options;
  useEffect(() => {
    if (!enabled) return;
    let lastActivity = Date.now();
    let lastReport = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastReport >= REPORT_EVERY_MS) {
        lastReport = lastActivity;
        // A failure (e.g. `locked`) reaches the auth gate through api.onCallError.
        void api.call('auth.activity', {});
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity >= idleLockMinutes * 60_000) onIdle.current();
    }, CHECK_EVERY_MS);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
      window.clearInterval(timer);
    };
  }, [api, enabled, idleLockMinutes]);
}
