/** The toast shown once after main reloaded a crashed or hung window (see recovery-notice.ts). */
import { Intent, OverlayToaster, Toast } from '@blueprintjs/core';
import { useState } from 'react';

export function RecoveryToast({ message }: { message: string | null }) {
  const [shown, setShown] = useState(message !== null);
  if (!message) return null;
  return (
    <OverlayToaster position="top" usePortal>
      {shown && <Toast message={message} intent={Intent.WARNING} icon="refresh" timeout={15_000} onDismiss={() => setShown(false)} data-testid="recovery-toast" />}
    </OverlayToaster>
  );
}
