/**
 * The fixed carrier keywords and the HELP reply, shown read-only on the Messaging tab.
 * A copy of electron/inbound/keywords.ts (OPT_OUT_WORDS, OPT_IN_WORDS, HELP_WORDS) and
 * ReplyHandler.helpText(): the renderer may not import electron/ code. Keep them in step
 * (better: move those constants to shared/).
 */
export const FIXED_KEYWORDS = [
  { kind: 'opt_out', label: 'Opt out', words: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'], reply: 'You have been unsubscribed and will not receive more messages from this number. Reply START to resubscribe.' },
  { kind: 'opt_in', label: 'Opt back in', words: ['START', 'UNSTOP'], reply: 'You are subscribed again to messages from this number. Reply HELP for help, STOP to opt out.' },
  { kind: 'help', label: 'Help', words: ['HELP', 'INFO'], reply: null },
] as const;

export const RESERVED_WORDS: readonly string[] = FIXED_KEYWORDS.flatMap((k) => [...k.words]);

/** The text sent back to HELP / INFO: the clinic's name and phone from the clinic settings. */
export function helpReply(clinicName: string, clinicPhone: string): string {
  const call = clinicPhone ? ` For help call ${clinicPhone}.` : '';
  return `${clinicName}: appointment reminders and messages.${call} Msg&data rates may apply. Reply STOP to opt out.`;
}
