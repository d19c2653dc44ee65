/** The training phone in a drawer over any screen (the inbox opens it with `t`; Esc closes). */
import { Drawer, DrawerSize } from '@blueprintjs/core';
import { TrainingPhone } from './TrainingPhone';

interface Props {
  isOpen: boolean;
  onClose(): void;
  preferAddress?: string | null;
  timeZone: string;
}

export function TrainingPhoneDrawer({ isOpen, onClose, preferAddress, timeZone }: Props) {
  return (
    <Drawer isOpen={isOpen} onClose={onClose} title="Training phone (sandbox)" icon="mobile-phone" size={DrawerSize.SMALL} className="fd-phone-drawer">
      {isOpen && <TrainingPhone preferAddress={preferAddress} timeZone={timeZone} />}
    </Drawer>
  );
}
