/**
 * Escape leaves a text field (search boxes, the composer, form fields), so the screen's
 * one-key shortcuts work again; inside a dialog or popover Escape is theirs (it closes them).
 */
import { useEffect } from 'react';
import { isTextField } from './goto-keys';

const OWN_ESCAPE = '.bp6-dialog, .bp6-drawer, .bp6-popover, .bp6-overlay-content';

export function EscapeLeavesField() {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !isTextField(e.target)) return;
      const field = e.target as HTMLElement;
      if (field.closest(OWN_ESCAPE)) return;
      field.blur();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return null;
}
