/**
 * Classifying an inbound SMS/WhatsApp text (DESIGN section 6, providers.md section 5). Pure.
 * Keywords are single words (or "OPT OUT"), any case, trimmed, punctuation-insensitive; anything
 * longer is a sentence, which may still read like an opt-out and is then flagged for staff.
 */
export type KeywordKind = 'opt_out' | 'opt_in' | 'help' | 'confirm' | 'reschedule' | 'possible_opt_out' | 'none';

export interface KeywordConfig {
  /** Confirmation replies; default C and CONFIRM. */
  confirm: string[];
  /** Reschedule replies; default R. */
  reschedule: string[];
}

export const DEFAULT_KEYWORD_CONFIG: KeywordConfig = { confirm: ['C', 'CONFIRM'], reschedule: ['R'] };

import { HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS } from '../../shared/keywords';

export { HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS };

/** Upper-case words with punctuation and symbols removed ("Stop!" → "STOP", " opt-out. " → "OPT OUT"). */
export function normaliseReply(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toUpperCase();
}

const sentenceOptOut = [
  /^\W*(please\W+)?(stop|unsubscribe|quit|optout|opt\s*-?\s*out)\b/i,
  /\b(stop|quit|cease)\b.*\b(text|texting|texts|messag\w*|sms|sending|send|contact\w*|calling|call)\b/i,
  /\b(unsubscribe|opt\s*-?\s*out|remove me|take me off)\b/i,
  /\b(do not|don'?t|dont|no more)\b.*\b(text|texting|texts|messag\w*|contact)\b/i,
];

export function classifyReply(text: string, config: KeywordConfig = DEFAULT_KEYWORD_CONFIG): KeywordKind {
  const words = normaliseReply(text);
  if (words === '') return 'none';
  const single = !words.includes(' ') || words === 'OPT OUT';
  if (single) {
    if (OPT_OUT_WORDS.includes(words)) return 'opt_out';
    if (OPT_IN_WORDS.includes(words)) return 'opt_in';
    if (HELP_WORDS.includes(words)) return 'help';
    if (config.confirm.map(normaliseReply).includes(words)) return 'confirm';
    if (config.reschedule.map(normaliseReply).includes(words)) return 'reschedule';
    return 'none';
  }
  return sentenceOptOut.some((re) => re.test(text)) ? 'possible_opt_out' : 'none';
}
