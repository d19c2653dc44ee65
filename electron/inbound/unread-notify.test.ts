/**
 * A patient's message raises a desktop notification whose count is the same number the tray
 * badge gets, and reading the conversation brings the badge back down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import type { Notifier } from '../foundation/ports';

const shown: Array<{ title: string; body: string }> = [];
const badge: number[] = [];
const notifier: Notifier = {
  notify: (title, body) => shown.push({ title, body }),
  setUnreadCount: (count) => badge.push(count),
};
let t: TestCore;

beforeAll(async () => {
  t = await createTestCore({ notifier });
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
});
afterAll(async () => {
  await t.dispose();
});

describe('unread count in notifications and the badge', () => {
  it('counts the same in the notification title, the badge and inbox.unreadTotal', async () => {
    const first = await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+13125550147', body: 'Hello, is the clinic open today?' });
    expect(shown.at(-1)).toEqual({ title: 'New message', body: 'Hello, is the clinic open today?' });
    expect(badge.at(-1)).toBe(1);
    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: '+13125550148', body: 'Running   late' });
    expect(shown.at(-1)).toEqual({ title: 'New message · 2 unread', body: 'Running late' });
    expect(badge.at(-1)).toBe(2);
    expect((await t.must('inbox.unreadTotal', {})).unread).toBe(2);

    await t.must('inbox.markRead', { conversationId: first.conversationId });
    expect(badge.at(-1)).toBe(1);
    const summary = await t.must('inbox.conversation', { conversationId: first.conversationId });
    expect(summary).toMatchObject({ unreadCount: 0, lastMessagePreview: 'Hello, is the clinic open today?' });
  });
});
