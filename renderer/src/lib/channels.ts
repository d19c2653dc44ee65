import type { Channel } from '../../../shared/domain';

export const CHANNEL_LABELS: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'Email', voice: 'Voice call' };
