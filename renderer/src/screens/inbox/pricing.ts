/**
 * Estimated cost of outbound SMS, shown in the composer and the dashboard.
 * One place for the per-segment price so every screen agrees.
 */
export const SMS_PRICE_PER_SEGMENT_USD = 0.0079;

export function estimateSmsCostUsd(segments: number): number {
  return Math.round(segments * SMS_PRICE_PER_SEGMENT_USD * 10000) / 10000;
}

export function formatUsd(amount: number): string {
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}
