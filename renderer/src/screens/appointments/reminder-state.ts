/** Plain words for an appointment's reminder state and confirmation, shared by the day and week views. */
import type { ScheduledAppointment } from '../../../../shared/contract/appointments';
import { formatWeekdayTime, type Where } from '../../../../shared/datetime';

export function reminderLines(a: ScheduledAppointment, where: Where): string[] {
  const at = (instant: number) => formatWeekdayTime(instant, where);
  const r = a.reminder;
  const lines: string[] = [];
  if (r.last) lines.push(`Reminded ${at(r.last.at)} by ${r.last.channel ?? '—'}: ${r.last.state ?? r.last.reasonCode ?? 'not sent'}`);
  if (r.reply) lines.push(`Replied ${at(r.reply.at)}: “${r.reply.body}”`);
  if (r.nextAt !== null) lines.push(`Next: ${r.nextRule ?? 'reminder'} at ${at(r.nextAt)}`);
  if (lines.length === 0) lines.push('No reminder due');
  return lines;
}

export function confirmationText(a: ScheduledAppointment, where: Where): string {
  if (a.status === 'confirmed') return a.confirmedAt ? `Confirmed ${formatWeekdayTime(a.confirmedAt, where)}${a.confirmedVia ? ` (${a.confirmedVia})` : ''}` : 'Confirmed';
  if (a.status === 'booked') return 'Not confirmed yet';
  return a.status.replace('_', '-');
}
