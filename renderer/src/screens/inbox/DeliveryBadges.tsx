/** Each delivery attempt of an outbound message as a tag; the tooltip says why it is held or failed. */
import { Tooltip } from '@blueprintjs/core';
import { useId, useLayoutEffect, useState, type ReactElement } from 'react';
import type { DeliveryBadge } from '../../../../shared/contract/inbox';
import { CHANNEL_LABEL } from './ChannelIcon';
import { deliveryExplanation, deliveryIntent, deliveryLabel } from './delivery-state';
import { LightTag } from './LightTag';

function hasReason(d: DeliveryBadge): boolean {
  return d.reasonCode !== null || d.errorCode !== null || d.errorText !== null || d.attemptCount > 1;
}

export function DeliveryBadges({ deliveries }: { deliveries: DeliveryBadge[] }) {
  if (deliveries.length === 0) return null;
  const several = deliveries.length > 1;
  return (
    <span className="fd-delivery-badges">
      {deliveries.map((d) => {
        const explanation = deliveryExplanation(d);
        const label = `${several ? `${CHANNEL_LABEL[d.channel]} ` : ''}${deliveryLabel(d.state)}`;
        const props = {
          intent: deliveryIntent(d.state),
          'data-testid': 'delivery-badge',
          'data-state': d.state,
          'data-reason': d.reasonCode ?? undefined,
          'aria-label': `${label}: ${explanation}`,
        };
        // A Blueprint tooltip where there is a reason to read (held, failed, retried); a plain
        // title otherwise keeps long threads light.
        return hasReason(d) ? (
          <ReasonBadge key={d.deliveryId} explanation={explanation} render={(extra) => <LightTag {...props} {...extra} tabIndex={0}>{label}</LightTag>} />
        ) : (
          <LightTag key={d.deliveryId} {...props} title={explanation}>
            {label}
          </LightTag>
        );
      })}
    </span>
  );
}

type Extra = { id: string; onMouseEnter?(): void; onMouseLeave?(): void; onFocus?(): void };

/**
 * A badge whose Blueprint tooltip is built on the first hover or focus, not with the row: each
 * tooltip is five components, and mounting them renders the thread's rows a second time before
 * a first open can paint. Built on a hover, it opens at once if the pointer is still on the badge
 * (it may have left before the tooltip was there to see it go: the tooltip would then stay open
 * with nothing to close it); built on a focus, the badge (now inside the tooltip's target, so
 * mounted anew) takes the focus back and the tooltip opens on it.
 */
function ReasonBadge({ explanation, render }: { explanation: string; render(extra: Extra): ReactElement }) {
  const id = useId();
  const [armed, setArmed] = useState<null | 'hover' | 'focus'>(null);
  const [open, setOpen] = useState(false);
  useLayoutEffect(() => {
    if (armed === 'focus') document.getElementById(id)?.focus();
  }, [armed, id]);
  if (armed === null) {
    return render({
      id,
      onMouseEnter: () => {
        setOpen(true);
        setArmed('hover');
      },
      // Until the tooltip has mounted, only this badge sees the pointer go.
      onMouseLeave: () => setOpen(false),
      onFocus: () => setArmed('focus'),
    });
  }
  return (
    <Tooltip content={explanation} placement="top" compact isOpen={open} onInteraction={setOpen}>
      {render({ id })}
    </Tooltip>
  );
}
