/**
 * "g then a letter" screen switching, as in mail clients: g i inbox, g p patients,
 * g a appointments, g t templates, g b broadcasts, g d dashboard, g s settings.
 */
import type { ScreenName } from '../navigation/route';

export const GOTO_KEYS: Record<string, ScreenName> = {
  i: 'inbox',
  p: 'patients',
  a: 'appointments',
  t: 'templates',
  b: 'broadcasts',
  d: 'dashboard',
  s: 'settings',
};

/** How long after `g` the second key still counts. */
export const CHORD_TIMEOUT_MS = 1500;

export interface ChordKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  inTextField: boolean;
  at: number;
}

/**
 * The chord's state machine: feed every keydown; it answers which screen to open (and that the
 * key is consumed), or null. `pendingSince` is the time `g` was pressed, or null.
 */
export function chordStep(pendingSince: number | null, k: ChordKey): { pendingSince: number | null; goTo: ScreenName | null } {
  if (k.inTextField || k.ctrlKey || k.metaKey || k.altKey) return { pendingSince: null, goTo: null };
  if (pendingSince !== null && k.at - pendingSince <= CHORD_TIMEOUT_MS) {
    const screen = GOTO_KEYS[k.key.toLowerCase()];
    if (screen) return { pendingSince: null, goTo: screen };
  }
  if (k.key === 'g') return { pendingSince: k.at, goTo: null };
  return { pendingSince: null, goTo: null };
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}
