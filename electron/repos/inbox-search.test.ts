/**
 * Inbox search finds a conversation by the patient's name, by phone digits however they are
 * typed, and by message words, and names the newest matching message (not just the latest one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { ensurePatientConversation, recordConversationMessage } from './conversations-repo';
import { messages } from '../db/schema';
import { searchTerms } from './inbox-queries';

let t: TestCore;
const RITA = 'rita';
const ids = { parking: 0, latest: 0, c1: 0 };

function addMessage(conversationId: number, patientId: number, direction: 'inbound' | 'outbound', body: string, at: number): number {
  const db = t.core.db;
  const id = db
    .insert(messages)
    .values({ conversationId, patientId, direction, channel: 'sms', address: '+13125550147', body, origin: direction === 'inbound' ? 'patient' : 'staff', createdAt: at })
    .returning({ id: messages.id })
    .get().id;
  recordConversationMessage(db, conversationId, { direction, body, at });
  return id;
}

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  await t.must('staff.create', { username: 'rita', displayName: 'Rita', role: 'receptionist', password: 'rita-password' });
  await t.must('auth.signIn', { username: 'rita', password: 'rita-password' }, RITA);
  const now = t.clock.now();
  const bennett = await t.must('patients.create', { firstName: 'Maya', lastName: 'Bennett', contactPoints: [{ kind: 'phone', value: '+13125550147', isPrimary: true }] });
  const other = await t.must('patients.create', { firstName: 'Omar', lastName: 'Shah', contactPoints: [{ kind: 'phone', value: '+13125550999', isPrimary: true }] });
  const c1 = ensurePatientConversation(t.core.db, bennett.id, now);
  ids.parking = addMessage(c1.id, bennett.id, 'inbound', 'Where do I park my car?', now);
  ids.latest = addMessage(c1.id, bennett.id, 'outbound', 'See you tomorrow', now + 1000);
  const c2 = ensurePatientConversation(t.core.db, other.id, now);
  addMessage(c2.id, other.id, 'inbound', 'Thanks!', now + 2000);
  ids.c1 = c1.id;
});
afterAll(async () => {
  await t.dispose();
});

describe('inbox search', () => {
  it('finds a patient by name, case-insensitively and by first + last name', async () => {
    for (const q of ['Bennett', 'bennett', 'Maya Benn']) {
      const found = await t.must('inbox.list', { search: q }, RITA);
      expect(found.items.map((c) => c.title), q).toEqual(['Maya Bennett']);
    }
  });

  it('finds a patient by phone digits typed in any format', async () => {
    for (const q of ['(312) 555-0147', '312 555 0147', '+1 312-555-0147', '0147']) {
      const found = await t.must('inbox.list', { search: q }, RITA);
      expect(found.items.map((c) => c.title), q).toEqual(['Maya Bennett']);
    }
    expect((await t.must('inbox.list', { search: '555' }, RITA)).total).toBe(2);
  });

  it('names the newest matching message, not the conversation’s latest', async () => {
    const found = await t.must('inbox.list', { search: 'park' }, RITA);
    expect(found.items).toHaveLength(1);
    expect(found.items[0]?.lastMessagePreview).toBe('See you tomorrow');
    expect(found.items[0]?.match).toEqual({ messageId: ids.parking, body: 'Where do I park my car?' });
  });

  it('treats LIKE wildcards as text and finds nothing for punctuation alone', async () => {
    expect((await t.must('inbox.list', { search: '%' }, RITA)).total).toBe(0);
    expect((await t.must('inbox.list', { search: 'Benn_tt' }, RITA)).total).toBe(0);
    expect(searchTerms('  ')).toBeNull();
    expect(searchTerms('call 555 now')?.digits).toBeNull();
  });
});
