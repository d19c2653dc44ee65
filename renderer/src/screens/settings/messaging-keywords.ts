/** The fixed carrier keywords and their automatic replies, shown read-only on the Messaging tab. */
import { HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, START_CONFIRMATION, STOP_CONFIRMATION } from '../../../../shared/keywords';

export { helpReply } from '../../../../shared/keywords';

export const FIXED_KEYWORDS = [
  { kind: 'opt_out', label: 'Opt out', words: OPT_OUT_WORDS, reply: STOP_CONFIRMATION },
  { kind: 'opt_in', label: 'Opt back in', words: OPT_IN_WORDS, reply: START_CONFIRMATION },
  { kind: 'help', label: 'Help', words: HELP_WORDS, reply: null },
] as const;

export const RESERVED_WORDS: readonly string[] = FIXED_KEYWORDS.flatMap((k) => [...k.words]);
