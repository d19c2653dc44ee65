/**
 * Turning an import file's bytes into text: UTF-8 (with or without a byte-order mark) when the
 * bytes are UTF-8, otherwise Windows-1252 (what Excel and older practice systems write on
 * Windows). A file that is UTF-8 except for a few rows keeps UTF-8; those rows are reported.
 */
import iconv from 'iconv-lite';

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: DetectedEncoding;
  /** Characters that were not valid in the detected encoding (rows holding them are rejected). */
  invalidCharacters: number;
}

/** U+FFFD, what the UTF-8 decoder puts where bytes are not UTF-8. */
export const REPLACEMENT = '\uFFFD';

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(3));
    return { text, encoding: 'utf-8-bom', invalidCharacters: countReplacements(text) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf16le'), encoding: 'utf-16le', invalidCharacters: 0 };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', invalidCharacters: 0 };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Not clean UTF-8. If most non-ASCII characters still decode as UTF-8, the file is UTF-8 with
    // a few rows pasted in from elsewhere; otherwise it is a Windows-1252 file.
  }
  const lenient = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const invalid = countReplacements(lenient);
  let validNonAscii = 0;
  for (let i = 0; i < lenient.length; i++) {
    const code = lenient.charCodeAt(i);
    if (code > 0x7f && code !== 0xfffd) validNonAscii++;
  }
  if (validNonAscii > invalid) return { text: lenient, encoding: 'utf-8', invalidCharacters: invalid };
  return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: 'windows-1252', invalidCharacters: 0 };
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}
