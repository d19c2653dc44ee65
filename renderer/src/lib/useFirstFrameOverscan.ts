/**
 * How many rows a virtualised list renders beyond its view: `first` in the frame that shows it
 * (nobody sees the extra rows yet, and each costs its render, its DOM and its layout), `later`
 * once that frame is painted, so scrolling finds them ready.
 */
import { useEffect, useState } from 'react';

export function useFirstFrameOverscan(first: number, later: number): number {
  const [overscan, setOverscan] = useState(first);
  useEffect(() => {
    // A timeout set from the frame callback runs after that frame's paint.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setOverscan(later), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [later]);
  return overscan;
}
