/** Plain words for an appointment's reminder state and confirmation, shared by the day and week views. */
import { DateTime } from 'luxon';
import type { ScheduledAppointment } from '../../../../shared/contract/appointments';

const at = (instant: number, zone: string) => DateTime.fromMillis(instant, { zone }).toFormat('ccc HH:mm');

export function reminderLines(a: ScheduledAppointment, zone: string): string[] {
  const r = a.reminder;
  const lines: string[] = [];
  if (r.last) lines.push(`Reminded ${at(r.last.at, zone)} by ${r.last.channel ?? '—'}: ${r.last.state ?? r.last.reasonCode ?? 'not sent'}`);
  if (r.reply) lines.push(`Replied ${at(r.reply.at, zone)}: “${r.reply.body}”`);
  if (r.nextAt !== null) lines.push(`Next: ${r.nextRule ?? 'reminder'} at ${at(r.nextAt, zone)}`);
  if (lines.length === 0) lines.push('No reminder due');
  return lines;
}

export function confirmationText(a: ScheduledAppointment, zone: string): string {
  if (a.status === 'confirmed') return a.confirmedAt ? `Confirmed ${at(a.confirmedAt, zone)}${a.confirmedVia ? ` (${a.confirmedVia})` : ''}` : 'Confirmed';
  if (a.status === 'booked') return 'Not confirmed yet';
  return a.status.replace('_', '-');
}

/** Monday of the week the date falls in. */
export function weekStart(date: string): string {
  const d = DateTime.fromISO(date);
  return d.minus({ days: d.weekday - 1 }).toISODate() ?? date;
}
