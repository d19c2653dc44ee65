/** Each delivery attempt of an outbound message as a tag; the tooltip says why it is held or failed. */
import { Tag, Tooltip } from '@blueprintjs/core';
import type { DeliveryBadge } from '../../../../shared/contract/inbox';
import { CHANNEL_LABEL } from './ChannelIcon';
import { deliveryExplanation, deliveryIntent, deliveryLabel } from './delivery-state';

export function DeliveryBadges({ deliveries }: { deliveries: DeliveryBadge[] }) {
  if (deliveries.length === 0) return null;
  const several = deliveries.length > 1;
  return (
    <span className="fd-delivery-badges">
      {deliveries.map((d) => {
        const explanation = deliveryExplanation(d);
        const label = `${several ? `${CHANNEL_LABEL[d.channel]} ` : ''}${deliveryLabel(d.state)}`;
        return (
          <Tooltip key={d.deliveryId} content={explanation} placement="top" compact>
            <Tag
              minimal
              intent={deliveryIntent(d.state)}
              data-testid="delivery-badge"
              data-state={d.state}
              data-reason={d.reasonCode ?? undefined}
              aria-label={`${label}: ${explanation}`}
              tabIndex={0}
            >
              {label}
            </Tag>
          </Tooltip>
        );
      })}
    </span>
  );
}
