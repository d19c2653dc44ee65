/**
 * Work that opening a conversation starts but that must not hold up its first paint (marking it
 * read: a write on the core, push events, the list row and the unread badge rendering again):
 * queued at the click, run in the task after the frame that painted the opened thread (or its
 * error), as AfterPaint does for the composer. Anything still queued when the inbox goes away
 * runs then, so nothing opened is left unread.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** `shown`: the conversation whose thread (or error) is on screen now, or null while it loads. */
export function useAfterThreadPaint(shown: number | null): (task: () => void) => void {
  const queue = useRef<(() => void)[]>([]);
  const [queued, setQueued] = useState(0);
  const flush = useCallback(() => {
    const tasks = queue.current;
    queue.current = [];
    for (const task of tasks) task();
  }, []);

  useEffect(() => {
    if (shown === null || queue.current.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(flush, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [shown, queued, flush]);

  useEffect(() => flush, [flush]);

  return useCallback((task: () => void) => {
    queue.current.push(task);
    setQueued((n) => n + 1);
  }, []);
}
