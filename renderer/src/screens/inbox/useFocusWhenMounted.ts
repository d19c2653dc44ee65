/**
 * A callback that focuses an element which may not be mounted yet: the inbox's composer is a
 * lazily loaded part, so a shortcut pressed right after the list appears can arrive before its
 * code. It tries on each animation frame for about two seconds (longer than the chunk takes to
 * arrive from disk), then gives up quietly.
 */
import { useCallback, type RefObject } from 'react';

const WAIT_FRAMES = 120;

export function useFocusWhenMounted(ref: RefObject<HTMLElement | null>): () => void {
  return useCallback(() => {
    let frames = 0;
    const attempt = () => {
      if (ref.current) ref.current.focus();
      else if (frames++ < WAIT_FRAMES) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  }, [ref]);
}
