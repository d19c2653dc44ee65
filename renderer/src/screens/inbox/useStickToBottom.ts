/**
 * Keeps a chat log's scroll box on its newest entry for as long as the reader is there, whatever
 * changes size underneath: the box itself (the composer's code arriving after the thread and
 * taking its height, a banner above), or the rows (measured again once a font or image is in).
 * Neither fires a scroll event, so being at the bottom is a state the reader leaves by scrolling
 * up and takes again by scrolling back down, not something read off the scroll position after
 * the fact.
 *
 * Whose scroll it was is told by position, not by timing: the hook knows every position code put
 * the box at (its own writes and the virtualiser's, which go through `write`), so any other
 * position is the reader's. A scroll's event comes only in the next frame, after that frame's
 * resize observers, which write from where they believe the box is; so before any code writes,
 * the box is checked for a move the hook has not seen yet. Such a move is taken as the reader's
 * there and then: the hook's own pull to the end is not made, and the virtualiser's write (a
 * shift from the old position) is made from where she is now, so it does not undo her move.
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
  /**
   * Runs a scroll write made by code (an instant one: the virtualiser's `scrollToFn`); when the
   * reader moved the box since the hook last saw it, her move is kept on top of the write.
   */
  write(scroll: () => void): void;
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
  /** Where the box was when last seen: by its scroll event, or right after code wrote it. */
  const known = useRef(0);
  const observer = useRef<ResizeObserver | null>(null);
  /**
   * How far the reader moved the box since the virtualiser last read it: it writes from its own
   * idea of the position (moved by each of its writes) until the next scroll event tells it.
   */
  const unseenByCode = useRef(0);

  /** Reads a move of the reader's from `previous` to where the box is now. */
  const judge = useCallback((el: HTMLElement, previous: number) => {
    const fromEnd = el.scrollHeight - el.clientHeight - el.scrollTop;
    // Moving up (and not because the end came closer: that is the browser clamping to a
    // shorter content) lets go of the end; reaching the end again takes it.
    if (el.scrollTop < previous - 0.5 && fromEnd > 1) stuck.current = false;
    else if (fromEnd < NEAR_END_PX) stuck.current = true;
  }, []);

  /**
   * Whether the box moved since it was last seen, other than by the browser clamping it to a
   * shorter content (which leaves it at the end): the reader's scroll, whose event is still to
   * come. It is judged now, so what code does next already knows where she went.
   */
  const movedUnseen = useCallback(
    (el: HTMLElement) => {
      const top = el.scrollTop;
      if (Math.abs(top - known.current) < 1) return false;
      if (top < known.current && el.scrollHeight - el.clientHeight - top <= 1) return false;
      judge(el, known.current);
      return true;
    },
    [judge],
  );

  const follow = useCallback(() => {
    const el = box.current;
    if (!el || !stuck.current) return;
    if (movedUnseen(el) && !stuck.current) return;
    const end = el.scrollHeight - el.clientHeight;
    if (end - el.scrollTop <= 0.5) return;
    el.scrollTop = end;
    known.current = el.scrollTop;
  }, [movedUnseen]);

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
      if (el) known.current = el.scrollTop;
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
    const previous = known.current;
    known.current = el.scrollTop;
    // The virtualiser reads the position from this same event.
    unseenByCode.current = 0;
    // The echo of a position code wrote: nothing new. (A move judged before a write comes here
    // again, and is judged the same way.)
    if (Math.abs(el.scrollTop - previous) < 1) return;
    judge(el, previous);
  }, [judge]);

  const write = useCallback(
    (scroll: () => void) => {
      const el = box.current;
      if (!el) return;
      const seenAt = known.current;
      if (movedUnseen(el)) unseenByCode.current += el.scrollTop - seenAt;
      scroll();
      // The write was computed from where the virtualiser last saw the box: the reader's moves
      // since then are kept on top of it. Dropping the write instead would lose what it is for
      // when older messages were put in above (the shift that keeps her message where it was)
      // during a scroll, which is exactly when paging back happens.
      if (unseenByCode.current !== 0) el.scrollTop += unseenByCode.current;
      // Read back: the browser may have clamped it.
      known.current = el.scrollTop;
    },
    [movedUnseen],
  );
  const release = useCallback(() => {
    stuck.current = false;
  }, []);
  const stick = useCallback(() => {
    stuck.current = true;
    follow();
  }, [follow]);

  return { setScrollBox, setContent, onScroll, write, release, stick, follow };
}
