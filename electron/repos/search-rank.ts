/**
 * Okapi BM25 over a small window of candidate messages, in JS.
 *
 * FTS5's bm25() first counts every match of each term across the whole index for its IDF: at a
 * million messages that pass alone costs tens of milliseconds for a common word, however small
 * the LIMIT. Ranked search therefore scores only the newest matches (which all contain every
 * word, as the search is an AND), with the same tokens FTS5 makes (letters and digits, case and
 * diacritics folded) and the same prefix meaning, each word weighted equally.
 */
const K1 = 1.2;
const B = 0.75;
const SUBJECT_WEIGHT = 2;

/** Text with anything beyond ASCII needs Unicode normalisation to fold like FTS5. */
export const NON_ASCII = /[^\p{ASCII}]/u;

/** Tokens as FTS5's unicode61 tokenizer with remove_diacritics makes them. */
export function tokens(text: string): string[] {
  // Most messages are plain ASCII: no diacritics to strip, so no Unicode normalisation to pay for.
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface RankCandidate {
  id: number;
  body: string;
  subject: string | null;
}

/** Scores (higher is better) of each candidate for the search words, each matched as a prefix. */
export function bm25Scores(candidates: RankCandidate[], text: string): Map<number, number> {
  const words = tokens(text);
  const docs = candidates.map((c) => ({ id: c.id, body: tokens(c.body), subject: tokens(c.subject ?? '') }));
  const lengths = docs.map((d) => d.body.length + SUBJECT_WEIGHT * d.subject.length);
  const average = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length) || 1;
  const scores = new Map<number, number>();
  docs.forEach((doc, i) => {
    const norm = K1 * (1 - B + (B * (lengths[i] ?? 0)) / average);
    let score = 0;
    for (const word of words) {
      const tf = doc.body.filter((t) => t.startsWith(word)).length + SUBJECT_WEIGHT * doc.subject.filter((t) => t.startsWith(word)).length;
      score += (tf * (K1 + 1)) / (tf + norm);
    }
    scores.set(doc.id, score);
  });
  return scores;
}
