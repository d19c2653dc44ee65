/**
 * A thread row's height before it is measured, from its text and the box's width. The virtualiser
 * measures every row it renders; a guess close to the real height keeps the rows it picked for the
 * first frame the ones it keeps, instead of measuring, picking again and rendering again before
 * that frame paints. Calibrated on the inbox's stylesheet (bubble at 70 % of the box, 14 px text).
 */
import type { ThreadEntry } from './thread-entries';
import { heldDelivery } from './HeldMessage';

/** One line of text, the meta line and the row's padding. */
const ONE_LINE_PX = 58;
const LINE_PX = 20;
const SUBJECT_PX = 20;
const HELD_PX = 26;
const NOTE_PX = 60;
/** An average character of the body font, a little wide, so a guess errs towards one line more. */
const CHAR_PX = 7.3;

export function estimateEntryPx(entry: ThreadEntry | undefined, boxWidth: number): number {
  if (!entry) return ONE_LINE_PX;
  if (entry.kind === 'note') return NOTE_PX;
  const m = entry.message;
  const charsPerLine = Math.max(16, Math.floor((boxWidth * 0.7 - 24) / CHAR_PX));
  const lines = m.body.split('\n').reduce((n, paragraph) => n + Math.max(1, Math.ceil(paragraph.length / charsPerLine)), 0);
  return ONE_LINE_PX + LINE_PX * (lines - 1) + (m.subject ? SUBJECT_PX : 0) + (heldDelivery(m) ? HELD_PX : 0);
}
