import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../../shared/domain';
import { ROLES } from '../../../../shared/ipc/roles';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { firstScreenHtml } from './markup';
import { sampleFirstScreenHtml } from './sample';

/** Every class token the markup writes. */
const classesOf = (html: string) => new Set([...html.matchAll(/class="([^"]*)"/g)].flatMap((m) => (m[1] ?? '').split(/\s+/).filter(Boolean)));

const NOW = Date.UTC(2026, 5, 1, 12, 0);
const DAY = 86_400_000;

const summary: fc.Arbitrary<ConversationSummary> = fc.record({
  id: fc.integer({ min: 1, max: 1_000_000 }),
  patientId: fc.option(fc.integer({ min: 1, max: 1000 })),
  householdId: fc.constant(null),
  members: fc.constant([]),
  title: fc.string(),
  address: fc.option(fc.string()),
  status: fc.constantFrom('open', 'snoozed', 'resolved'),
  assigneeStaffId: fc.option(fc.integer({ min: 1, max: 9 })),
  assigneeName: fc.option(fc.string({ minLength: 1 })),
  unreadCount: fc.nat(40),
  snoozedUntil: fc.constant(null),
  flag: fc.constantFrom(null, 'reschedule', 'possible_opt_out', 'confirm_unmatched'),
  lastMessageAt: fc.option(fc.integer({ min: NOW - 800 * DAY, max: NOW })),
  lastMessagePreview: fc.option(fc.string()),
  channels: fc.subarray([...CHANNELS]),
  whatsappWindowEndsAt: fc.constant(null),
});

describe('the sample first screen the build selects its rules with', () => {
  it('uses every class any first screen can write, in either theme and for any role', () => {
    const sample = classesOf(sampleFirstScreenHtml());
    fc.assert(
      fc.property(fc.array(summary, { minLength: 1, maxLength: 12 }), fc.constantFrom(...ROLES), fc.boolean(), fc.nat(500), fc.boolean(), (items, role, dark, unread, hasMore) => {
        const html = firstScreenHtml({ clinicName: 'Clinic', staff: { displayName: 'Someone', role }, unread, items, hasMore, where: { zone: 'Europe/London', locale: 'en-GB' }, dark, rows: items.length, now: NOW });
        const missing = [...classesOf(html)].filter((c) => !sample.has(c));
        expect(missing).toEqual([]);
      }),
    );
  });
});
