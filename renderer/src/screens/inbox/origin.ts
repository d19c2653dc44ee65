/** Who or what wrote a message, in staff's words (the database keeps a code). */
const ORIGIN_LABEL: Record<string, string> = {
  staff: 'Staff',
  reminder: 'Reminder',
  broadcast: 'Broadcast',
  auto_reply: 'Automatic reply',
  patient: 'Patient',
  system: 'Test message',
  appointment_event: 'Appointment notice',
};

export function originLabel(origin: string): string {
  return ORIGIN_LABEL[origin] ?? origin.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
