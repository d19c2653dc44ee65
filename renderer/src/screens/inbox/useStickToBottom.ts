/**
 * Keeps a chat log's scroll box on its newest entry for as long as the reader is there, whatever
 * changes size underneath: the box itself (the composer's code arriving after the thread and
 * taking its height, a banner above), or the rows (measured again once a font or image is in).
 * Neither fires a scroll event, so being at the bottom is a state the reader leaves by scrolling
 * up and takes again by scrolling back down, not something read off the scroll position after
 * the fact. Our own writes (and the virtualiser's, passed through `noteWrite`) never count as
 * the reader's.
 */
import { useCallback, useRef } from 'react';

/** Within this of the end counts as at the end when the reader scrolls down to it. */
const NEAR_END_PX = 40;

export interface StickToBottom {
  /** Ref for the scroll box. */
  setScrollBox(el: HTMLElement | null): void;
  /** Ref for the element whose height is the content's (the virtualiser's sizer). */
  setContent(el: HTMLElement | null): void;
  /** Call from the scroll box's scroll handler. */
  onScroll(): void;
  /** Records a scroll position written by code, so its scroll event is not read as the reader's. */
  noteWrite(top: number): void;
  /** Stops following the end (a search hit is being shown instead). */
  release(): void;
  /** Follows the end again and goes there now. */
  stick(): void;
  /** Goes to the end now if following it. */
  follow(): void;
}

export function useStickToBottom(initially: boolean): StickToBottom {
  const stuck = useRef(initially);
  const box = useRef<HTMLElement | null>(null);
  const content = useRef<HTMLElement | null>(null);
  const lastTop = useRef(0);
  const written = useRef<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);

  const follow = useCallback(() => {
    const el = box.current;
    if (!el || !stuck.current) return;
    const end = el.scrollHeight - el.clientHeight;
    if (end - el.scrollTop <= 0.5) return;
    written.current = end;
    el.scrollTop = end;
    lastTop.current = el.scrollTop;
  }, []);

  // One observer for both: a change of either size is a layout change to follow. Its callback
  // runs after layout and before paint, so the frame that shows the change is already at the end.
  const observe = useCallback(
    (previous: HTMLElement | null, next: HTMLElement | null) => {
      if (previous) observer.current?.unobserve(previous);
      if (!next) return;
      observer.current ??= new ResizeObserver(follow);
      observer.current.observe(next);
    },
    [follow],
  );

  const setScrollBox = useCallback(
    (el: HTMLElement | null) => {
      observe(box.current, el);
      box.current = el;
      if (el) lastTop.current = el.scrollTop;
    },
    [observe],
  );
  const setContent = useCallback(
    (el: HTMLElement | null) => {
      observe(content.current, el);
      content.current = el;
    },
    [observe],
  );

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const top = el.scrollTop;
    const previous = lastTop.current;
    lastTop.current = top;
    const own = written.current !== null && Math.abs(written.current - top) < 1;
    written.current = null;
    if (own) return;
    const fromEnd = el.scrollHeight - el.clientHeight - top;
    // Moving up (and not because the end came closer: that is the browser clamping to a
    // shorter content) lets go of the end; reaching the end again takes it.
    if (top < previous - 0.5 && fromEnd > 1) stuck.current = false;
    else if (fromEnd < NEAR_END_PX) stuck.current = true;
  }, []);

  const noteWrite = useCallback((top: number) => {
    written.current = top;
  }, []);
  const release = useCallback(() => {
    stuck.current = false;
  }, []);
  const stick = useCallback(() => {
    stuck.current = true;
    follow();
  }, [follow]);

  return { setScrollBox, setContent, onScroll, noteWrite, release, stick, follow };
}
