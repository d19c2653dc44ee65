/** A reminder's offset before the appointment, shown and edited as minutes, hours or days. */
export type OffsetUnit = 'minutes' | 'hours' | 'days';
export const UNIT_MINUTES: Record<OffsetUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

export function splitOffset(minutes: number): { amount: number; unit: OffsetUnit } {
  if (minutes % UNIT_MINUTES.days === 0) return { amount: minutes / UNIT_MINUTES.days, unit: 'days' };
  if (minutes % UNIT_MINUTES.hours === 0) return { amount: minutes / UNIT_MINUTES.hours, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

export function describeOffset(minutes: number): string {
  const { amount, unit } = splitOffset(minutes);
  const singular = unit.slice(0, -1);
  return `${amount} ${amount === 1 ? singular : unit} before`;
}
