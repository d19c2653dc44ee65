import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { mergeFirstPage, sortKey } from './list-merge';

function summary(id: number, lastMessageAt: number | null): ConversationSummary {
  return {
    id,
    patientId: null,
    title: `c${id}`,
    address: null,
    status: 'open',
    assigneeStaffId: null,
    assigneeName: null,
    unreadCount: 0,
    snoozedUntil: null,
    flag: null,
    lastMessageAt,
    lastMessagePreview: null,
    channels: [],
    whatsappWindowEndsAt: null,
  };
}

function sorted(list: ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => {
    const [ta, ia] = sortKey(a);
    const [tb, ib] = sortKey(b);
    return tb - ta || ib - ia;
  });
}

describe('mergeFirstPage', () => {
  it('moves a conversation with news to the top and drops one that left the filter', () => {
    const loaded = [summary(5, 500), summary(4, 400), summary(3, 300), summary(2, 200), summary(1, 100)];
    // Conversation 2 got a message; conversation 4 was resolved (no longer matches).
    const page = { items: [summary(2, 600), summary(5, 500), summary(3, 300)], complete: false };
    const merged = mergeFirstPage(loaded, page);
    expect(merged.map((c) => c.id)).toEqual([2, 5, 3, 1]);
  });

  it('a complete first page replaces everything', () => {
    const merged = mergeFirstPage([summary(9, 9), summary(8, 8)], { items: [summary(1, 1)], complete: true });
    expect(merged.map((c) => c.id)).toEqual([1]);
  });

  it('equals the server order: the merged list is the truth at the top, sorted, without duplicates', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 400 }), at: fc.integer({ min: 0, max: 50 }) }), { selector: (r) => r.id, maxLength: 60 }),
        fc.array(fc.record({ id: fc.integer({ min: 1, max: 400 }), bump: fc.integer({ min: 0, max: 100 }) }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 20 }),
        (rows, bumps, pageSize) => {
          const before = sorted(rows.map((r) => summary(r.id, r.at)));
          const byId = new Map(before.map((c) => [c.id, c]));
          for (const b of bumps) {
            const c = byId.get(b.id);
            if (c) byId.set(b.id, summary(b.id, (c.lastMessageAt ?? 0) + b.bump));
          }
          const after = sorted([...byId.values()]);
          const page = { items: after.slice(0, pageSize), complete: after.length < pageSize };
          const merged = mergeFirstPage(before, page);
          expect(new Set(merged.map((c) => c.id)).size).toBe(merged.length);
          expect(merged.slice(0, page.items.length)).toEqual(page.items);
          expect(sorted(merged)).toEqual(merged);
        },
      ),
    );
  });
});
