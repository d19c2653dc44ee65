import { describe, expect, it } from 'vitest';
import { dueAfterPaint, type AfterPaintTask } from './useAfterThreadPaint';

const task = (conversationId: number): AfterPaintTask => ({ conversationId, run: () => undefined });
const ids = (tasks: AfterPaintTask[]) => tasks.map((t) => t.conversationId);

describe('which waiting work a thread paint lets out', () => {
  it("keeps the conversation being opened waiting when the one before it paints (the reader switched from A to B before A's work ran)", () => {
    const a = task(1);
    const b = task(2);
    expect(dueAfterPaint([a, b], 1)).toEqual([a]);
  });

  it('lets out the painted conversation’s own work', () => {
    expect(ids(dueAfterPaint([task(1), task(1)], 1))).toEqual([1, 1]);
  });

  it('lets out the work of a conversation left before it painted with the next one that does, so nothing opened stays unread', () => {
    expect(ids(dueAfterPaint([task(1), task(2), task(3)], 3))).toEqual([1, 2, 3]);
  });

  it('lets nothing out for a paint of another conversation when only the one being opened is waiting', () => {
    expect(dueAfterPaint([task(2)], 1)).toEqual([]);
  });
});
