/**
 * A held message in the thread says why and until when, in the thread itself (not only on
 * hover), with what staff can do about it: send a transactional one now (audited; a marketing
 * one waits), edit its text, or cancel it. The thread re-reads on the delivery events these cause.
 */
import { Button, ButtonGroup, Intent, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import { LightButton } from './LightButton';
import type { DeliveryBadge, ThreadMessage } from '../../../../shared/contract/inbox';
import { useSubmit } from '../../ipc/useSubmit';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { formatStamp } from './format';

const WHY: Record<string, string> = {
  quiet_hours: 'Held for quiet hours',
  daily_cap: 'Held: daily message limit reached',
  broadcast_paused: 'Waiting: the broadcast is paused',
};
const STAFF_RELEASABLE = new Set(['quiet_hours', 'daily_cap']);

export function heldDelivery(m: ThreadMessage): DeliveryBadge | undefined {
  return m.direction === 'outbound' ? m.deliveries.find((d) => d.state === 'held') : undefined;
}

export function HeldMessage({ message: m, held, timeZone }: { message: ThreadMessage; held: DeliveryBadge; timeZone: string }) {
  const sendNow = useSubmit('inbox.sendHeldNow');
  const edit = useSubmit('inbox.editHeld');
  const cancel = useSubmit('inbox.cancelHeld');
  const [draft, setDraft] = useState<string | null>(null);
  const why = WHY[held.reasonCode ?? ''] ?? 'Held';
  const until = held.nextAttemptAt !== null ? ` until ${formatStamp(held.nextAttemptAt, timeZone)}` : '';
  const canSendNow = m.purpose === 'transactional' && STAFF_RELEASABLE.has(held.reasonCode ?? '');
  const busy = sendNow.submitting || edit.submitting || cancel.submitting;
  return (
    <div className="fd-held" data-testid="held-notice" data-reason={held.reasonCode ?? undefined}>
      <span className="fd-held-why" data-testid="held-why">
        {why}
        {until}
        {m.purpose === 'marketing' && STAFF_RELEASABLE.has(held.reasonCode ?? '') ? ' (marketing waits)' : ''}
      </span>
      {draft === null ? (
        <ButtonGroup variant="minimal">
          {canSendNow && (
            <LightButton small icon="send-message" intent={Intent.PRIMARY} text="Send now" disabled={busy} onClick={() => void sendNow.submit({ messageId: m.id })} data-testid="held-send-now" />
          )}
          {m.editable && <LightButton small icon="edit" text="Edit" disabled={busy} onClick={() => setDraft(m.body)} data-testid="held-edit" />}
          <LightButton small icon="cross" intent={Intent.DANGER} text="Cancel message" disabled={busy} onClick={() => void cancel.submit({ messageId: m.id })} data-testid="held-cancel" />
        </ButtonGroup>
      ) : (
        <div className="fd-held-edit">
          <TextArea fill autoResize value={draft} onChange={(e) => setDraft(e.currentTarget.value)} aria-label="Message text" data-testid="held-edit-text" />
          <ButtonGroup>
            <Button
              small
              intent={Intent.PRIMARY}
              text="Save"
              disabled={busy || draft.trim() === ''}
              onClick={() =>
                void edit.submit({ messageId: m.id, body: draft }).then((r) => {
                  if (r.ok) setDraft(null);
                })
              }
              data-testid="held-edit-save"
            />
            <Button small text="Keep as it was" onClick={() => setDraft(null)} />
          </ButtonGroup>
        </div>
      )}
      <ErrorCallout error={sendNow.error ?? edit.error ?? cancel.error} title="That did not work" />
    </div>
  );
}
