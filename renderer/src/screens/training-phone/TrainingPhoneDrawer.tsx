/** The training phone in a drawer over any screen (the inbox opens it with `t`; Esc closes). */
import { Drawer } from '@blueprintjs/core';
import { TrainingPhone } from './TrainingPhone';

interface Props {
  isOpen: boolean;
  onClose(): void;
  preferAddress?: string | null;
  timeZone: string;
}

export function TrainingPhoneDrawer({ isOpen, onClose, preferAddress, timeZone }: Props) {
  return (
    <Drawer isOpen={isOpen} onClose={onClose} title="Training phone (sandbox)" icon="mobile-phone" size={420} className="fd-phone-drawer">
      <div className="fd-phone-drawer-body">{isOpen && <TrainingPhone preferAddress={preferAddress} timeZone={timeZone} />}</div>
    </Drawer>
  );
}
