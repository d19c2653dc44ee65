/**
 * One way every picker works from its search box: ↓/↑ move the highlighted choice, Enter takes
 * it. `active` is always a valid index (or -1 for an empty list).
 */
import { useState, type KeyboardEvent } from 'react';

export function nextIndex(key: string, active: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return Math.min(count - 1, active + 1);
  if (key === 'ArrowUp') return Math.max(0, active - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

export function useListKeys<T>(items: readonly T[], onPick: (item: T) => void) {
  const [index, setIndex] = useState(0);
  const active = items.length === 0 ? -1 : Math.min(index, items.length - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const next = nextIndex(e.key, active, items.length);
    if (next !== null && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setIndex(next);
    } else if (e.key === 'Enter' && active >= 0) {
      const item = items[active];
      if (item === undefined) return;
      e.preventDefault();
      onPick(item);
    }
  };
  return { active, setActive: setIndex, onKeyDown };
}
