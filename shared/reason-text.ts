/**
 * The words staff read for each reason code, without the schemas around them: the inbox shows
 * them on its first screen, which should not have to load the whole contract (and zod) first.
 * shared/contract/engine.ts re-exports them with the reason-code schema.
 */

/** Why a delivery is held, refused, failed or cancelled. Stored in deliveries.reason_code. */
export const REASON_TEXT = {
  suppressed: 'The address is on the suppression list for this channel',
  opted_out: 'The patient opted out of this channel',
  no_marketing_consent: 'Marketing needs the patient\u2019s explicit opt-in on this channel',
  quiet_hours: 'Held for quiet hours in the patient\u2019s time zone',
  daily_cap: 'Held: the patient reached the daily message limit',
  no_channel: 'No channel is allowed and reachable for this patient',
  no_contact_point: 'The patient has no usable address for this channel',
  contact_invalid: 'The address is marked invalid',
  offline: 'Waiting: the provider cannot be reached',
  retry_wait: 'Waiting to retry after a temporary error',
  rate_limited: 'Waiting for the sender\u2019s rate limit',
  invalid_number: 'The provider says the number is not valid (21211/21614)',
  provider_opt_out: 'The recipient opted out at the provider (21610)',
  unreachable: 'The number cannot receive messages (21612/21408)',
  whatsapp_window: 'Outside the WhatsApp 24-hour window and no approved template',
  hard_bounce: 'The email address was rejected permanently',
  permanent_error: 'The provider refused the message permanently',
  undelivered: 'The carrier could not deliver the message',
  expired: 'Gave up: the message was too old to send',
  max_attempts: 'Gave up after too many attempts',
  cancelled: 'Cancelled',
  appointment_changed: 'Cancelled because the appointment changed',
  fell_back: 'Failed; sent on the next allowed channel instead',
  provider_not_configured: 'No provider is configured for this channel',
  patient_archived: 'The patient is archived',
  broadcast_paused: 'Waiting: the broadcast is paused',
  checking_provider: 'Checking with the provider whether it was already sent',
  credentials_rejected: 'Waiting: the provider rejected the credentials',
  engine_error: 'Waiting to retry after an internal error',
  render_failed: 'The message could not be rendered for this channel',
} as const;
export type ReasonCode = keyof typeof REASON_TEXT;
