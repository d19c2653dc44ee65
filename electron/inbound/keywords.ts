/**
 * Classifying an inbound SMS/WhatsApp text (DESIGN section 6, providers.md section 5). Pure.
 * The text is normalised first (Unicode quotes and apostrophes, case, accents, letters repeated
 * for emphasis, emoji), so "Don’t text me anymore", "STOOOP 🛑" and "no me envíen más" read like
 * their plain forms. Keywords are single words (or "OPT OUT"); anything longer is a sentence,
 * which may still read like an opt-out (English or Spanish) and is then flagged for staff.
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

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02B9\u02BB\u02BC\u02BD\u00B4\u0060\uFF07]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\uFF02]/g;
/** Pictographs, skin tones, joiners, variation selectors, regional-indicator flags, keycaps. */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}]|\u200D|\uFE0E|\uFE0F|\u20E3/gu;

/**
 * Lower-case text with plain quotes, no accents and no emoji, whitespace collapsed, and a letter
 * repeated three or more times read once ("pleeease stooop" → "please stop").
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(EMOJI, ' ')
    .replace(/\p{M}+/gu, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .toLowerCase()
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Upper-case words with punctuation and symbols removed ("Stop!" → "STOP", " opt-out. " → "OPT OUT"). */
export function normaliseReply(text: string): string {
  return normaliseText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toUpperCase();
}

/** A doubled letter read once as well ("STOPP" → "STOP"), for single-word keywords only. */
const undouble = (word: string) => word.replace(/(\p{L})\1+/gu, '$1');

function matches(word: string, list: string[]): boolean {
  const plain = list.map(normaliseReply);
  if (plain.includes(word)) return true;
  const loose = undouble(word);
  return plain.some((k) => undouble(k) === loose);
}

const sentenceOptOut = [
  // English
  /^(please )?(stop|unsubscribe|quit|optout|opt ?-?out)\b/,
  /\b(stop|quit|cease)\b.*\b(text|texting|texts|messag\w*|sms|sending|send|contact\w*|calling|call)\b/,
  /\b(unsubscribe|opt ?-?out|optout|remove me|take me off)\b/,
  /\b(do not|don'?t|dont|no more|never)\b.*\b(text|texting|texts|messag\w*|contact\w*)\b/,
  // Spanish (accents already removed)
  /\b(no|nunca)\b.*\b(envi\w*|mand\w*|escrib\w*|contact\w*)\b.*\b(mas|mensajes?|textos?|sms)\b/,
  /\b(dejen?|deja|dejar) de (enviar\w*|mandar\w*|escribir\w*|contactar\w*)/,
  /\b(dar(me)?|darse|denme|dame) de baja\b|\bdesuscrib\w*|\bcancelar (la |mi )?suscripcion\b|\bborrar(me)? de\b/,
  /\bno (quiero|deseo) (recibir|mas)\b/,
];

/** Spanish single words that mean "stop" but are not carrier keywords: flagged for staff. */
const SPANISH_STOP_WORDS = ['BAJA', 'ALTO', 'PARAR', 'PARA', 'DETENER', 'CANCELAR'];

export function classifyReply(text: string, config: KeywordConfig = DEFAULT_KEYWORD_CONFIG): KeywordKind {
  const words = normaliseReply(text);
  if (words === '') return 'none';
  const single = !words.includes(' ') || words === 'OPT OUT';
  if (single) {
    if (matches(words, OPT_OUT_WORDS)) return 'opt_out';
    if (matches(words, OPT_IN_WORDS)) return 'opt_in';
    if (matches(words, HELP_WORDS)) return 'help';
    if (config.confirm.map(normaliseReply).includes(words)) return 'confirm';
    if (config.reschedule.map(normaliseReply).includes(words)) return 'reschedule';
    if (SPANISH_STOP_WORDS.includes(words)) return 'possible_opt_out';
    return 'none';
  }
  const sentence = normaliseText(text);
  return sentenceOptOut.some((re) => re.test(sentence)) ? 'possible_opt_out' : 'none';
}
