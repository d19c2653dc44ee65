/**
 * Shows its children from one frame after `ready` first turns true, and from then on. The inbox
 * mounts the composer and the context panel this way so that a thread's first open commits and
 * paints only the header and the messages; the parts' own render comes in the next task, after
 * that paint. Rendering them in the thread's commit delayed the first message's paint.
 */
import { useEffect, useState, type ReactNode } from 'react';

interface Props {
  ready: boolean;
  children: ReactNode;
  /** Stands in the parts' place until then, so nothing jumps when they arrive. */
  fallback?: ReactNode;
}

export function AfterPaint({ ready, children, fallback = null }: Props) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!ready || shown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // requestAnimationFrame runs just before the frame that paints the thread; the timeout after it
    // lands once that frame is out.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [ready, shown]);
  return <>{shown ? children : fallback}</>;
}
