/**
 * Work that opening a conversation starts but that must not hold up its first paint (marking it
 * read: a write on the core, push events, the list row and the unread badge rendering again):
 * queued at the click for that conversation, run in the task after the frame that painted its
 * thread (or its error), as AfterPaint does for the composer. Each task waits for its own
 * conversation: one opened while another's work is still waiting does not let it out early, and
 * the reader moving on does not hold back what was queued for a thread that already painted.
 * Anything still queued when the inbox goes away runs then, so nothing opened is left unread.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface AfterPaintTask {
  /** The conversation whose thread must have painted first. */
  conversationId: number;
  run(): void;
}

/**
 * The tasks that may run once `painted`'s thread has painted: its own, and those of
 * conversations left before they painted (the reader moved on; nothing opened stays unread). The
 * newest task's conversation is the one being opened now, whose work waits for its own paint.
 */
export function dueAfterPaint(queue: readonly AfterPaintTask[], painted: number): AfterPaintTask[] {
  const opening = queue[queue.length - 1]?.conversationId;
  return queue.filter((task) => task.conversationId === painted || task.conversationId !== opening);
}

/** `shown`: the conversation whose thread (or error) is on screen now, or null while it loads. */
export function useAfterThreadPaint(shown: number | null): (conversationId: number, task: () => void) => void {
  const queue = useRef<AfterPaintTask[]>([]);
  const [queued, setQueued] = useState(0);
  const runDue = useCallback((painted: number) => {
    const due = dueAfterPaint(queue.current, painted);
    queue.current = queue.current.filter((task) => !due.includes(task));
    for (const task of due) task.run();
  }, []);

  // Not cancelled when another conversation opens: that conversation's paint would otherwise be
  // the first chance for this one's work. What it runs is this paint's own (`dueAfterPaint`).
  const pending = useRef(new Set<() => void>());
  useEffect(() => {
    if (shown === null || queue.current.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cancel = () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        pending.current.delete(cancel);
        runDue(shown);
      }, 0);
    });
    pending.current.add(cancel);
  }, [shown, queued, runDue]);

  useEffect(() => {
    const scheduled = pending.current;
    return () => {
      for (const cancel of scheduled) cancel();
      scheduled.clear();
      const tasks = queue.current;
      queue.current = [];
      for (const task of tasks) task.run();
    };
  }, []);

  return useCallback((conversationId: number, run: () => void) => {
    queue.current.push({ conversationId, run });
    setQueued((n) => n + 1);
  }, []);
}
