/**
 * Before sending: what the rules (DESIGN section 3) would do with a message to this patient or
 * address on this channel, evaluated exactly as queueing does but without queueing anything, so
 * the composer can warn "opted out", "no consent", "quiet hours" or "daily limit" in advance.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema, purposeSchema } from '../domain';

export const checkOutcomeSchema = z.object({
  /** send: goes now; hold: queued but waits (until); refuse: will not be sent. */
  verdict: z.enum(['send', 'hold', 'refuse']),
  channel: channelSchema,
  /** The rule's reason code (see REASON_TEXT), null when it goes now. */
  reason: z.string().nullable(),
  /** The rule in plain words for the composer, null when it goes now. */
  text: z.string().nullable(),
  until: instantSchema.nullable(),
});
export type CheckOutcome = z.infer<typeof checkOutcomeSchema>;

export const composeCalls = {
  'messages.check': defineCall({
    input: z
      .object({
        to: z.union([
          z.object({ patientId: idSchema }).strict(),
          z.object({ address: z.string().trim().min(3).max(320), channel: channelSchema }).strict(),
        ]),
        channel: channelSchema.optional(),
        purpose: purposeSchema.optional(),
      })
      .strict(),
    output: checkOutcomeSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'What the sending rules would do with a message now (send, hold until, refuse and why), without queueing it.',
  }),
};

const CHANNEL_NAME: Record<string, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'email', voice: 'voice calls' };

/** Each rule in the words staff read in the composer (and after a refused send). */
export function ruleInPlainWords(reason: string, channel: string): string {
  const on = CHANNEL_NAME[channel] ?? channel;
  switch (reason) {
    case 'suppressed':
      return `Will not be sent: this address is blocked for ${on} (the patient texted STOP, or the provider reported it unreachable).`;
    case 'opted_out':
      return `Will not be sent: the patient opted out of ${on}.`;
    case 'no_marketing_consent':
      return `Will not be sent: marketing on ${on} needs the patient’s explicit opt-in.`;
    case 'quiet_hours':
      return 'Quiet hours where the patient is: this will wait until the morning.';
    case 'daily_cap':
      return 'Daily limit reached for this patient: this will wait until tomorrow.';
    case 'no_contact_point':
      return `Will not be sent: the patient has no ${channel === 'email' ? 'email address' : 'phone number'} for ${on}.`;
    case 'contact_invalid':
      return `Will not be sent: the ${channel === 'email' ? 'email address' : 'number'} on file is marked invalid.`;
    case 'patient_archived':
      return 'Will not be sent: the patient is archived.';
    case 'no_channel':
      return 'Will not be sent: no channel is allowed and reachable for this patient.';
    case 'whatsapp_window':
      return 'Will not be sent: outside the WhatsApp 24-hour window, only an approved template can go.';
    case 'provider_not_configured':
      return `Will not be sent: no provider is set up for ${on}.`;
    default:
      return 'Will not be sent.';
  }
}
