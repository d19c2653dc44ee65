/**
 * Each channel's icon and name, without React or Blueprint: ChannelIcon draws them in the app,
 * and the entry script's first screen (shell/first-paint) draws the same before either loads.
 */
import type { Channel } from '../../../../shared/domain';

export const CHANNEL_ICON = { sms: 'mobile-phone', whatsapp: 'chat', email: 'envelope', voice: 'phone' } as const satisfies Record<Channel, string>;
export const CHANNEL_LABEL: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'Email', voice: 'Voice' };
