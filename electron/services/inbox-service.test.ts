/**
 * The inbox over real data: filters, keyset paging, full-text search, thread with delivery
 * badges, read/assign/snooze/resolve, notes, and the audit of who viewed what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { VIEW_AUDIT_WINDOW_MS } from './inbox-service';
import { ensureAddressConversation, ensurePatientConversation, recordConversationMessage } from '../repos/conversations-repo';
import { deliveries, messages } from '../db/schema';
import { ftsQuery } from '../repos/inbox-queries';

let t: TestCore;
let ritaId = 0;
const RITA = 'rita';

function addMessage(conversationId: number, patientId: number | null, direction: 'inbound' | 'outbound', channel: 'sms' | 'email', body: string, at: number) {
  const db = t.core.db;
  const id = db
    .insert(messages)
    .values({ conversationId, patientId, direction, channel, address: channel === 'sms' ? '+12025550143' : 'a@example.com', body, origin: direction === 'inbound' ? 'patient' : 'staff', createdAt: at })
    .returning({ id: messages.id })
    .get().id;
  recordConversationMessage(db, conversationId, { direction, body, at });
  return id;
}

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  ritaId = (await t.must('staff.create', { username: 'rita', displayName: 'Rita', role: 'receptionist', password: 'rita-password' })).id;
  await t.must('auth.signIn', { username: 'rita', password: 'rita-password' }, RITA);
  const now = t.clock.now();
  for (let i = 0; i < 30; i++) {
    const p = await t.must('patients.create', { firstName: `Pat${i}`, lastName: 'Doe', contactPoints: [] });
    const c = ensurePatientConversation(t.core.db, p.id, now);
    addMessage(c.id, p.id, 'outbound', 'sms', `Reminder number ${i} for your visit`, now + i * 1000);
    if (i % 3 === 0) addMessage(c.id, p.id, 'inbound', i % 2 === 0 ? 'sms' : 'email', `Reply ${i}: can I reschedule to Thursday?`, now + i * 1000 + 500);
  }
  const unknown = ensureAddressConversation(t.core.db, '+15550001111', now);
  addMessage(unknown.id, null, 'inbound', 'sms', 'Who is this? Crème brûlée', now + 40_000);
});
afterAll(async () => {
  await t.dispose();
});

describe('inbox', () => {
  it('lists open conversations newest first, with keyset paging that neither skips nor repeats', async () => {
    const first = await t.must('inbox.list', { limit: 10 }, RITA);
    expect(first.total).toBe(31);
    expect(first.items[0]).toMatchObject({ title: '+15550001111', unreadCount: 1, patientId: null });
    const seen = [...first.items];
    let page = first;
    while (page.items.length === 10) {
      const last = page.items[page.items.length - 1];
      if (!last) break;
      page = await t.must('inbox.list', { limit: 10, after: { lastMessageAt: last.lastMessageAt, id: last.id } }, RITA);
      seen.push(...page.items);
    }
    expect(seen).toHaveLength(31);
    expect(new Set(seen.map((c) => c.id)).size).toBe(31);
    const times = seen.map((c) => c.lastMessageAt ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('paints a first page without counting: withTotal false leaves the count to inbox.count', async () => {
    const page = await t.must('inbox.list', { limit: 10, withTotal: false }, RITA);
    expect(page.total).toBeUndefined();
    expect(page.items).toHaveLength(10);
    expect(page.hasMore).toBe(true);
    expect(await t.must('inbox.count', {}, RITA)).toEqual({ total: 31 });
    expect(await t.must('inbox.count', { filter: { unread: true } }, RITA)).toEqual({ total: 11 });
    expect(await t.must('inbox.count', { search: 'resched thurs' }, RITA)).toEqual({ total: 10 });
    const all = await t.must('inbox.list', { limit: 31, withTotal: false }, RITA);
    expect(all.hasMore).toBe(false);
    expect(await t.call('inbox.count', { filter: { status: 'archived' } } as never, RITA)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('filters by unread and channel', async () => {
    const unread = await t.must('inbox.list', { filter: { unread: true } }, RITA);
    expect(unread.total).toBe(11);
    const email = await t.must('inbox.list', { filter: { channel: 'email' } }, RITA);
    expect(email.items.map((c) => c.title).sort()).toEqual(['Pat15 Doe', 'Pat21 Doe', 'Pat27 Doe', 'Pat3 Doe', 'Pat9 Doe']);
    expect(email.items.every((c) => c.channels.includes('email') && c.channels.includes('sms'))).toBe(true);
  });

  it('searches every message by word prefix, accents folded, and ignores FTS syntax', async () => {
    expect((await t.must('inbox.list', { search: 'resched thurs' }, RITA)).total).toBe(10);
    expect((await t.must('inbox.list', { search: 'creme brulee' }, RITA)).items.map((c) => c.title)).toEqual(['+15550001111']);
    expect((await t.must('inbox.list', { search: 'NEAR(" OR *' }, RITA)).total).toBe(0);
    expect(ftsQuery('a "b" OR c*')).toBe('"a"* "b"* "OR"* "c"*');
    expect(ftsQuery('  ?! ')).toBeNull();
  });

  it('shows a thread with every channel interleaved and each delivery’s state and reason', async () => {
    const [conv] = (await t.must('inbox.list', { search: 'Reply 3' }, RITA)).items;
    if (!conv) throw new Error('seed missing');
    const outboundId = t.core.db.$client.prepare(`select id from messages where conversation_id = ? and direction = 'outbound'`).pluck().get(conv.id) as number;
    t.core.db
      .insert(deliveries)
      .values({ messageId: outboundId, channel: 'sms', address: '+12025550143', provider: 'sandbox', state: 'held', reasonCode: 'quiet_hours', createdAt: 1, updatedAt: 1 })
      .run();
    const thread = await t.must('inbox.thread', { conversationId: conv.id }, RITA);
    expect(thread.messages.map((m) => [m.direction, m.channel])).toEqual([
      ['outbound', 'sms'],
      ['inbound', 'email'],
    ]);
    expect(thread.messages[0]?.deliveries).toEqual([expect.objectContaining({ state: 'held', reasonCode: 'quiet_hours' })]);
    const audit = await t.must('audit.list', { limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'conversation.viewed', staffId: ritaId, entityId: String(conv.id) });
  });

  it('audits a viewing once per staff member and conversation while the thread is read again, and again after a while', async () => {
    const [conv] = (await t.must('inbox.list', { limit: 1 }, RITA)).items;
    if (!conv) throw new Error('seed missing');
    const viewed = () =>
      t.core.db.$client
        .prepare(`select staff_id s, at from audit_log where action = 'conversation.viewed' and entity_id = ? order by id`)
        .all(String(conv.id)) as Array<{ s: number; at: number }>;
    const before = viewed().length;
    await t.must('inbox.thread', { conversationId: conv.id }, RITA);
    t.clock.advance(VIEW_AUDIT_WINDOW_MS - 1);
    await t.must('inbox.thread', { conversationId: conv.id }, RITA);
    expect(viewed().length).toBe(before + 1);
    // Another staff member's read is their own row.
    await t.must('inbox.thread', { conversationId: conv.id });
    expect(viewed().length).toBe(before + 2);
    t.clock.advance(1);
    await t.must('inbox.thread', { conversationId: conv.id }, RITA);
    const rows = viewed();
    expect(rows.length).toBe(before + 3);
    expect(rows.at(-1)).toEqual({ s: ritaId, at: t.clock.now() });
  });

  it('reads, assigns, snoozes, resolves and keeps notes', async () => {
    const [conv] = (await t.must('inbox.list', { filter: { unread: true }, limit: 1 }, RITA)).items;
    if (!conv) throw new Error('seed missing');
    const before = (await t.must('inbox.unreadTotal', {}, RITA)).unread;
    await t.must('inbox.markRead', { conversationId: conv.id }, RITA);
    expect((await t.must('inbox.unreadTotal', {}, RITA)).unread).toBe(before - conv.unreadCount);

    const assigned = await t.must('inbox.assign', { conversationId: conv.id, staffId: ritaId }, RITA);
    expect(assigned.assigneeName).toBe('Rita');
    expect((await t.must('inbox.list', { filter: { assignedToMe: true } }, RITA)).items.map((c) => c.id)).toEqual([conv.id]);
    expect(await t.call('inbox.assign', { conversationId: conv.id, staffId: 999 }, RITA)).toMatchObject({ ok: false, error: { code: 'validation' } });

    expect(await t.call('inbox.setStatus', { conversationId: conv.id, status: 'snoozed', snoozedUntil: t.clock.now() - 1 }, RITA)).toMatchObject({ ok: false });
    await t.must('inbox.setStatus', { conversationId: conv.id, status: 'snoozed', snoozedUntil: t.clock.now() + 3_600_000 }, RITA);
    expect((await t.must('inbox.list', {}, RITA)).items.some((c) => c.id === conv.id)).toBe(false);
    t.clock.advance(3_600_001);
    await t.must('auth.unlock', { password: 'rita-password' }, RITA); // an hour later the desk is locked
    expect((await t.must('inbox.list', {}, RITA)).items.find((c) => c.id === conv.id)?.status).toBe('open');

    await t.must('inbox.setStatus', { conversationId: conv.id, status: 'resolved' }, RITA);
    expect((await t.must('inbox.list', { filter: { status: 'resolved' } }, RITA)).items.map((c) => c.id)).toEqual([conv.id]);

    const note = await t.must('inbox.addNote', { conversationId: conv.id, body: 'Called back, will come Thursday' }, RITA);
    expect(note).toMatchObject({ staffName: 'Rita', body: 'Called back, will come Thursday' });
    expect((await t.must('inbox.thread', { conversationId: conv.id }, RITA)).notes).toHaveLength(1);
  });

  it('a new inbound message re-opens a resolved conversation and raises unread', async () => {
    const [conv] = (await t.must('inbox.list', { filter: { status: 'resolved' } }, RITA)).items;
    if (!conv) throw new Error('seed missing');
    addMessage(conv.id, conv.patientId, 'inbound', 'sms', 'One more thing', t.clock.now());
    const after = (await t.must('inbox.list', { limit: 1 }, RITA)).items[0];
    expect(after).toMatchObject({ id: conv.id, status: 'open', unreadCount: 1, lastMessagePreview: 'One more thing' });
  });
});
