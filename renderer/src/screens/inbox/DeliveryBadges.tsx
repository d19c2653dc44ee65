/** Each delivery attempt of an outbound message as a tag; the tooltip says why it is held or failed. */
import { Tooltip } from '@blueprintjs/core';
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
        const tag = (
          <LightTag
            key={d.deliveryId}
            intent={deliveryIntent(d.state)}
            data-testid="delivery-badge"
            data-state={d.state}
            data-reason={d.reasonCode ?? undefined}
            aria-label={`${label}: ${explanation}`}
            title={hasReason(d) ? undefined : explanation}
            tabIndex={hasReason(d) ? 0 : undefined}
          >
            {label}
          </LightTag>
        );
        // A Blueprint tooltip where there is a reason to read (held, failed, retried); a plain
        // title otherwise keeps long threads light.
        return hasReason(d) ? (
          <Tooltip key={d.deliveryId} content={explanation} placement="top" compact>
            {tag}
          </Tooltip>
        ) : (
          tag
        );
      })}
    </span>
  );
}
