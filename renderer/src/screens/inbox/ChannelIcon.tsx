/** A small icon per channel, with its name for screen readers. */
import { Icon, type IconName } from '@blueprintjs/core';
import type { Channel } from '../../../../shared/domain';

const ICON: Record<Channel, IconName> = { sms: 'mobile-phone', whatsapp: 'chat', email: 'envelope', voice: 'phone' };
export const CHANNEL_LABEL: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'Email', voice: 'Voice' };

export function ChannelIcon({ channel, size = 12 }: { channel: Channel; size?: number }) {
  return <Icon icon={ICON[channel]} size={size} title={CHANNEL_LABEL[channel]} className="fd-channel-icon" />;
}
