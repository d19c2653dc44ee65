/**
 * SMS segment counting, exactly as providers.md section 4 describes Twilio's rules
 * (TwilioDevEd/message-segment-calculator):
 * - GSM-7 when every character is in the GSM 03.38 basic set (1 septet) or its extension table
 *   (ESC + char = 2 septets); otherwise the whole message is UCS-2 (1 unit per UTF-16 code unit,
 *   so a surrogate pair such as most emoji costs 2).
 * - One segment holds 160 septets / 70 units; once a second segment is needed every segment
 *   holds 153 septets / 67 units (6-byte UDH).
 * - A grapheme (user-perceived character, e.g. 👍🏽 or "\r\n") is never split across segments.
 * - Twilio refuses bodies over 1,600 characters (error 21617).
 * Pure code: runs in the renderer (live counter in the editor) and in main (the engine's pacing).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentInfo {
  encoding: SmsEncoding;
  /** Number of segments Twilio charges for; 0 for an empty text. */
  segments: number;
  /** Characters as the user sees them (Unicode code points). */
  characters: number;
  /** What the limit counts: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2. */
  units: number;
  /** 160 or 153 for GSM-7, 70 or 67 for UCS-2. */
  unitsPerSegment: number;
  /** Units still free in the last segment before another segment is needed. */
  remainingInSegment: number;
  /** Characters that forced UCS-2 (distinct, in order of appearance); empty for GSM-7. */
  nonGsmCharacters: string[];
  /** True when the body exceeds Twilio's 1,600-character maximum. */
  tooLong: boolean;
}

export const SMS_MAX_CHARACTERS = 1600;

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basicSet = new Set(Array.from(GSM_BASIC));
const extensionSet = new Set(Array.from(GSM_EXTENSION));

/** The GSM-7 basic character set (1 septet each), exported for tests and the editor's hints. */
export const GSM7_BASIC_CHARACTERS: readonly string[] = Array.from(GSM_BASIC);
/** The GSM-7 extension table (2 septets each). */
export const GSM7_EXTENSION_CHARACTERS: readonly string[] = Array.from(GSM_EXTENSION);

/** Septets for one code point, or null when it is not representable in GSM-7. */
export function gsmSeptets(char: string): 1 | 2 | null {
  if (basicSet.has(char)) return 1;
  if (extensionSet.has(char)) return 2;
  return null;
}

const segmenter: Intl.Segmenter | null =
  typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

function graphemes(text: string): string[] {
  if (segmenter) return Array.from(segmenter.segment(text), (s) => s.segment);
  return Array.from(text);
}

/** Units one grapheme costs in the given encoding. */
function graphemeUnits(grapheme: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') return grapheme.length;
  let septets = 0;
  for (const ch of grapheme) septets += gsmSeptets(ch) ?? 0;
  return septets;
}

/**
 * Grapheme sizes for the greedy segment fill. GSM-7 characters are single code units that never
 * combine, so only "\r\n" needs pairing and Intl.Segmenter (slow) is needed for UCS-2 only.
 */
function graphemeSizes(text: string, encoding: SmsEncoding): number[] {
  if (encoding === 'UCS-2') return graphemes(text).map((g) => graphemeUnits(g, encoding));
  const sizes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '\r' && text[i + 1] === '\n') {
      sizes.push(2);
      i += 1;
    } else sizes.push(gsmSeptets(ch) ?? 0);
  }
  return sizes;
}

export function countSmsSegments(text: string): SmsSegmentInfo {
  const nonGsm: string[] = [];
  let characters = 0;
  let septets = 0;
  for (const ch of text) {
    characters += 1;
    const size = gsmSeptets(ch);
    if (size === null) {
      if (!nonGsm.includes(ch)) nonGsm.push(ch);
    } else septets += size;
  }
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  const single = encoding === 'GSM-7' ? 160 : 70;
  const multi = encoding === 'GSM-7' ? 153 : 67;
  const units = encoding === 'GSM-7' ? septets : text.length;
  const base = { encoding, characters, units, nonGsmCharacters: nonGsm, tooLong: characters > SMS_MAX_CHARACTERS };
  if (units === 0) return { ...base, segments: 0, unitsPerSegment: single, remainingInSegment: single };
  if (units <= single) return { ...base, segments: 1, unitsPerSegment: single, remainingInSegment: single - units };
  // Greedy fill; a grapheme that does not fit opens the next segment.
  let segments = 1;
  let used = 0;
  for (const size of graphemeSizes(text, encoding)) {
    if (used + size > multi) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { ...base, segments, unitsPerSegment: multi, remainingInSegment: multi - used };
}
