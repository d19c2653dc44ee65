/**
 * Mount once inside the shell's HotkeysProvider: `g` then i/p/a/t/b/d/s switches screens. The
 * second key is taken in the capture phase so a screen's own one-letter shortcut (s snooze in
 * the inbox) does not also fire. The `g` entry is registered with Blueprint so the `?` overlay
 * lists it.
 */
import { useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useEffect, useMemo } from 'react';
import { navigate } from '../navigation/route';
import { chordStep, isTextField } from './goto-keys';

export function GoToHotkeys() {
  useEffect(() => {
    let pendingSince: number | null = null;
    const onKeyDown = (e: KeyboardEvent) => {
      const step = chordStep(pendingSince, {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        inTextField: isTextField(e.target),
        at: e.timeStamp,
      });
      pendingSince = step.pendingSince;
      if (step.goTo) {
        e.preventDefault();
        e.stopImmediatePropagation();
        navigate({ screen: step.goTo });
      } else if (pendingSince !== null) {
        // `g` itself starts the chord and does nothing else.
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);

  const hotkeys = useMemo<HotkeyConfig[]>(
    () => [
      {
        combo: 'g',
        global: true,
        group: 'Go to',
        label: 'Then i inbox · p patients · a appointments · t templates · b broadcasts · d dashboard · s settings',
        onKeyDown: () => undefined,
      },
    ],
    [],
  );
  useHotkeys(hotkeys);
  return null;
}
