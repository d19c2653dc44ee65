/** A shown/hidden panel that stays as staff left it (per workstation, in localStorage). */
import { useCallback, useState } from 'react';

export function usePanelPreference(key: string, initial: boolean): [boolean, (next: boolean | ((open: boolean) => boolean)) => void] {
  const [open, setOpen] = useState(() => {
    const stored = localStorage.getItem(key);
    return stored === null ? initial : stored === 'shown';
  });
  const set = useCallback(
    (next: boolean | ((open: boolean) => boolean)) =>
      setOpen((previous) => {
        const value = typeof next === 'function' ? next(previous) : next;
        localStorage.setItem(key, value ? 'shown' : 'hidden');
        return value;
      }),
    [key],
  );
  return [open, set];
}
