/**
 * A new clinic has quick replies from the start: valid templates a manager can edit, seeded
 * once per database (an archived one does not come back at the next start).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../core-thread/test-core';
import { STARTER_QUICK_REPLIES } from './starter-quick-replies';
import { findPlaceholders } from '../../../shared/templates/placeholders';

let t: TestCore;

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
});
afterAll(async () => {
  await t.dispose();
});

describe('starter quick replies', () => {
  it('are there on first start, valid, with values to ask for', async () => {
    const list = await t.must('templates.list', { category: 'quick_reply' });
    expect(list.items.map((i) => i.name).sort()).toEqual(STARTER_QUICK_REPLIES.map((r) => r.name).sort());
    for (const item of list.items) {
      const detail = await t.must('templates.get', { id: item.id });
      const check = await t.must('templates.validate', { content: detail.content, category: 'quick_reply', fallbackLanguage: 'en' });
      expect(check.ok, item.name).toBe(true);
    }
    expect(STARTER_QUICK_REPLIES.filter((r) => findPlaceholders(r.sms).length > 0)).toHaveLength(5);
    const reschedule = list.items.find((i) => i.name === 'Reschedule');
    const preview = await t.must('templates.preview', { templateId: reschedule?.id ?? 0, channel: 'sms' });
    expect(preview.rendered.channel === 'sms' && preview.rendered.body).toContain('[[date, e.g. Tue 3 March]]');
  });

  it('are seeded once: an archived one stays archived after a restart', async () => {
    const list = await t.must('templates.list', { category: 'quick_reply' });
    const parking = list.items.find((i) => i.name === 'Parking');
    await t.must('templates.archive', { id: parking?.id ?? 0, archived: true });
    await t.restart();
    await t.must('auth.signIn', { username: 'admin', password: 'admin-password' });
    const after = await t.must('templates.list', { category: 'quick_reply' });
    expect(after.items.filter((i) => !i.archived).map((i) => i.name)).not.toContain('Parking');
    expect(after.items.filter((i) => i.name === 'Parking')).toHaveLength(after.items.some((i) => i.name === 'Parking') ? 1 : 0);
  });
});
