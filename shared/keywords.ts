/**
 * The fixed carrier keywords and Frontdesk's automatic answers to them (DESIGN section 6), shared
 * so the keyword handler in main and the Messaging settings tab show and use the same words.
 */
export const OPT_OUT_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'];
export const OPT_IN_WORDS = ['START', 'UNSTOP'];
export const HELP_WORDS = ['HELP', 'INFO'];

export const STOP_CONFIRMATION =
  'You have been unsubscribed and will not receive more messages from this number. Reply START to resubscribe.';
export const START_CONFIRMATION = 'You are subscribed again to messages from this number. Reply HELP for help, STOP to opt out.';

/** The answer to HELP / INFO: the clinic's name and phone, and how to opt out. */
export function helpReply(clinicName: string, clinicPhone: string): string {
  const call = clinicPhone ? ` For help call ${clinicPhone}.` : '';
  return `${clinicName}: appointment reminders and messages.${call} Msg&data rates may apply. Reply STOP to opt out.`;
}
