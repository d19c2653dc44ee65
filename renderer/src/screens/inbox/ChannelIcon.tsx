/** A small icon per channel, with its name for screen readers. */
import { Icon } from '@blueprintjs/core';
import type { Channel } from '../../../../shared/domain';
import { CHANNEL_ICON, CHANNEL_LABEL } from './list-channels';

export { CHANNEL_LABEL };

export function ChannelIcon({ channel, size = 12 }: { channel: Channel; size?: number }) {
  return <Icon icon={CHANNEL_ICON[channel]} size={size} title={CHANNEL_LABEL[channel]} className="fd-channel-icon" />;
}
