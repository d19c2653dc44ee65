/**
 * One-key shortcuts of a screen, active while it is mounted, listed in Blueprint's `?` overlay
 * under the screen's name. They do not fire while typing in a field.
 */
import { useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useEffect, useMemo, useRef } from 'react';

export interface ScreenHotkey {
  combo: string;
  label: string;
  run(): void;
}

export function useScreenHotkeys(group: string, keys: ScreenHotkey[]): void {
  // The latest handlers live in a ref, so the registered hotkeys stay the same between renders
  // (re-registering on every render would re-render the whole HotkeysProvider each time).
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  const signature = keys.map((k) => `${k.combo}\u0000${k.label}`).join('\u0001');
  const hotkeys = useMemo<HotkeyConfig[]>(
    () =>
      signature
        .split('\u0001')
        .filter(Boolean)
        .map((entry, index) => {
          const [combo = '', label = ''] = entry.split('\u0000');
          return {
            combo,
            label,
            group,
            global: true,
            preventDefault: true,
            onKeyDown: () => latest.current[index]?.run(),
          };
        }),
    [group, signature],
  );
  useHotkeys(hotkeys);
}
