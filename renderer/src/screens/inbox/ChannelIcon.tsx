/** A small icon per channel, with its name for screen readers. */
import type { Channel } from '../../../../shared/domain';
import { CHANNEL_ICON, CHANNEL_LABEL } from './list-channels';
import { LightIcon } from './LightIcon';

export { CHANNEL_LABEL };

export function ChannelIcon({ channel, size = 12 }: { channel: Channel; size?: number }) {
  return <LightIcon icon={CHANNEL_ICON[channel]} size={size} title={CHANNEL_LABEL[channel]} className="fd-channel-icon" />;
}
