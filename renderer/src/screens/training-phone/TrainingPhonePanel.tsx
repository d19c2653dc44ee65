/**
 * The training phone as a column beside the inbox (not over it), so staff watch the conversation
 * change as they text as the patient. `t` opens and closes it; Esc inside it closes it.
 */
import { Button, H4 } from '@blueprintjs/core';
import { TrainingPhone } from './TrainingPhone';

interface Props {
  onClose(): void;
  preferAddress?: string | null;
  timeZone: string;
}

export function TrainingPhonePanel({ onClose, preferAddress, timeZone }: Props) {
  return (
    <aside
      className="fd-phone-panel"
      aria-label="Training phone (sandbox)"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="fd-phone-panel-head">
        <H4>Training phone</H4>
        <Button variant="minimal" size="small" icon="cross" aria-label="Close the training phone (t)" title="Close (t or Esc)" onClick={onClose} />
      </div>
      <TrainingPhone preferAddress={preferAddress} timeZone={timeZone} />
    </aside>
  );
}
