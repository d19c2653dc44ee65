/** "Snooze until…": four choices, reachable by arrow/Tab and Enter or by their number key. */
import { Button, Dialog, DialogBody, Intent } from '@blueprintjs/core';
import { useMemo } from 'react';
import { nextIndex } from '../../lib/listKeys';
import { snoozeChoices } from './snooze';
import { useWhere } from '../../lib/useWhere';

interface Props {
  isOpen: boolean;
  now: number;
  onClose(): void;
  onSnooze(until: number): void;
}

export function SnoozeDialog({ isOpen, now, onClose, onSnooze }: Props) {
  const where = useWhere();
  // Worked out only while open: the closed dialog is mounted with the inbox.
  const choices = useMemo(() => (isOpen ? snoozeChoices(now, where) : []), [isOpen, now, where]);
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Snooze until…" icon="time" className="fd-snooze-dialog">
      <DialogBody>
        <div
          className="fd-snooze-choices"
          data-testid="snooze-choices"
          onKeyDown={(e) => {
            const choice = choices.find((c) => c.key === e.key);
            if (choice) {
              e.preventDefault();
              onSnooze(choice.until);
              return;
            }
            // ↓/↑ move between the choices; Enter (on the focused button) takes one.
            const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button'));
            const index = buttons.findIndex((b) => b === document.activeElement);
            const next = nextIndex(e.key, index, buttons.length);
            if (next !== null && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
              e.preventDefault();
              buttons[next]?.focus();
            }
          }}
        >
          {choices.map((c, i) => (
            <Button key={c.key} fill alignText="start" autoFocus={i === 0} intent={i === 0 ? Intent.PRIMARY : Intent.NONE} variant="outlined" onClick={() => onSnooze(c.until)}>
              <kbd>{c.key}</kbd> {c.label}
            </Button>
          ))}
        </div>
      </DialogBody>
    </Dialog>
  );
}
