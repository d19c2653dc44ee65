/** The context panel's words for states that are codes in the database. */
import type { ContextPatient } from '../../../../shared/contract/inbox-context';
import { deliveryLabel } from './delivery-state';

type Channel = ContextPatient['channels'][number];
type Appointment = NonNullable<ContextPatient['nextAppointment']>;

const VIA: Record<string, string> = { staff: 'by staff', sms_reply: 'by text reply', whatsapp_reply: 'by WhatsApp reply', email_reply: 'by email reply', import: 'in the practice system' };

export function confirmationText(a: Appointment, formatAt: (at: number) => string): string {
  if (a.status === 'confirmed') {
    const via = a.confirmedVia ? (VIA[a.confirmedVia] ?? `by ${a.confirmedVia.replace(/_/g, ' ')}`) : '';
    return ['Confirmed', via, a.confirmedAt !== null ? formatAt(a.confirmedAt) : ''].filter(Boolean).join(' ');
  }
  return 'Not confirmed yet';
}

export function reminderText(r: Appointment['reminders'][number]): string {
  const channel = r.channel ? { sms: 'SMS', whatsapp: 'WhatsApp', email: 'Email', voice: 'Voice' }[r.channel] : 'Reminder';
  if (r.outcome === 'refused') return `${channel} reminder not sent`;
  return `${channel} reminder ${r.state ? deliveryLabel(r.state).toLowerCase() : 'queued'}`;
}

/** Whether the patient can get messages on this channel, and if not why, in a word or two. */
export function channelState(c: Channel): { ok: boolean; text: string } {
  if (c.address === null) return { ok: false, text: 'No address' };
  if (c.suppressed) return { ok: false, text: 'Blocked (opted out by keyword or provider)' };
  if (c.contactStatus === 'invalid') return { ok: false, text: 'Address invalid' };
  if (c.transactional === 'opted_out') return { ok: false, text: 'Opted out' };
  if (c.contactStatus === 'bouncing') return { ok: true, text: 'Bouncing' };
  return { ok: true, text: c.marketing === 'opted_in' ? 'OK · marketing opted in' : 'OK' };
}

let languages: Intl.DisplayNames | null = null;

export function languageName(code: string): string {
  try {
    // One DisplayNames for every call: making one is the slow part.
    languages ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return languages.of(code) ?? code;
  } catch {
    // Not a language tag Intl knows: the code itself is still better than nothing.
    return code;
  }
}
