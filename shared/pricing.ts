/**
 * Estimated prices per provider and channel, for the broadcast confirmation. SMS is charged per
 * segment (a long or Unicode message costs several); the sandbox never leaves the app and is free.
 * Real charges come back on each delivery (`price`) once the provider has sent it.
 */
import type { Channel } from './domain';

/** US price per SMS segment on Twilio (the figure the composer also uses), USD. */
export const TWILIO_SMS_PER_SEGMENT_USD = 0.0079;

/** Per segment (SMS) or per message (other channels); null when no price is known. */
export function unitPriceUsd(provider: string, channel: Channel): number | null {
  if (provider === 'sandbox') return 0;
  if (provider === 'twilio' && channel === 'sms') return TWILIO_SMS_PER_SEGMENT_USD;
  return null;
}

export function estimateCostUsd(unitPrice: number | null, units: number): number | null {
  return unitPrice === null ? null : Math.round(unitPrice * units * 10000) / 10000;
}
