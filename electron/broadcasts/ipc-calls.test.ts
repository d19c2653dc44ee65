/**
 * The reminder-rule and broadcast calls through the app's call registry (the same path as the
 * renderer): defaults seeded on first run, editing, role checks, and a broadcast from draft to
 * sent with the core's own scheduler and engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('reminder and broadcast calls', () => {
  it('list the seeded default rules, edit them (managers only) and survive a restart without re-seeding', async () => {
    t = await createTestCore();
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const rules = await t.must('reminders.listRules', {});
    expect(rules.map((r) => [r.name, r.offsetMinutes, r.channels, r.onlyIfUnconfirmed])).toEqual([
      ['Email 2 days before', 2880, ['email'], false],
      ['SMS 24 hours before', 1440, ['sms'], false],
      ['SMS 2 hours before if unconfirmed', 120, ['sms'], true],
    ]);
    const created = await t.must('reminders.createRule', { name: 'Voice 1 day before', offsetMinutes: 1440, channels: ['voice', 'sms'] });
    const edited = await t.must('reminders.updateRule', { id: created.id, offsetMinutes: 1500, enabled: false });
    expect(edited).toMatchObject({ offsetMinutes: 1500, enabled: false, channels: ['voice', 'sms'] });
    const bad = await t.call('reminders.createRule', { name: 'x', offsetMinutes: 1, channels: [] });
    expect(bad.ok).toBe(false);
    const dup = await t.call('reminders.createRule', { name: 'x', offsetMinutes: 60, channels: ['sms', 'sms'] });
    expect(dup.ok).toBe(false);
    for (const r of rules) await t.must('reminders.deleteRule', { id: r.id });

    await t.must('staff.create', { username: 'desk', displayName: 'Desk', role: 'receptionist', password: 'desk-password-1' });
    await t.must('auth.signIn', { username: 'desk', password: 'desk-password-1' }, 'desk');
    const denied = await t.call('reminders.createRule', { name: 'y', offsetMinutes: 60, channels: ['sms'] }, 'desk');
    expect(denied.ok).toBe(false);
    expect((await t.must('reminders.listRules', {}, 'desk')).map((r) => r.name)).toEqual(['Voice 1 day before']);

    await t.restart();
    await t.must('auth.signIn', { username: 'admin', password: 'admin-password' });
    expect((await t.must('reminders.listRules', {})).map((r) => r.name)).toEqual(['Voice 1 day before']);
  });

  it('take a broadcast from draft to approved to sent, and refuse approval by a receptionist', async () => {
    t = await createTestCore();
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    for (const name of ['Ada', 'Ben']) {
      await t.must('patients.create', { firstName: name, lastName: 'Lovelace', tags: ['newsletter'], contactPoints: [{ kind: 'email', value: `${name.toLowerCase()}@example.com` }] });
    }
    expect((await t.must('broadcasts.previewAudience', { audience: { tags: ['newsletter'] } })).count).toBe(2);
    // With the channel and purpose, the preview says what the rules would do with each patient.
    const nophone = await t.must('patients.create', { firstName: 'Cy', lastName: 'Lovelace', tags: ['newsletter'], contactPoints: [{ kind: 'email', value: 'cy@example.com' }] });
    const breakdown = await t.must('broadcasts.previewAudience', { audience: { tags: ['newsletter'] }, channel: 'sms', purpose: 'transactional' });
    expect(breakdown).toMatchObject({ count: 3, addresses: 0, breakdown: { byChannel: {}, held: [], excluded: [{ reason: 'no_contact_point', count: 3 }] } });
    const byEmail = await t.must('broadcasts.previewAudience', { audience: { tags: ['newsletter'] }, channel: 'email', purpose: 'marketing' });
    // Marketing needs an explicit opt-in that nobody has given.
    expect(byEmail.breakdown?.excluded).toEqual([{ reason: 'no_marketing_consent', count: 3 }]);
    const transactional = await t.must('broadcasts.previewAudience', { audience: { tags: ['newsletter'] }, channel: 'email', purpose: 'transactional' });
    expect(transactional.breakdown?.byChannel).toEqual({ email: 3 });
    await t.must('patients.archive', { id: nophone.id, archived: true });
    const noContent = await t.call('broadcasts.createDraft', { name: 'Empty', audience: {} });
    expect(noContent.ok).toBe(false);
    const draft = await t.must('broadcasts.createDraft', {
      name: 'Closed Friday',
      audience: { tags: ['newsletter'] },
      channelPolicy: { channel: 'email', subject: 'Closed Friday', body: 'The clinic is closed on Friday.' },
      purpose: 'transactional',
    });
    expect(draft).toMatchObject({ status: 'draft', counts: { total: 0 } });

    await t.must('staff.create', { username: 'desk', displayName: 'Desk', role: 'receptionist', password: 'desk-password-1' });
    await t.must('auth.signIn', { username: 'desk', password: 'desk-password-1' }, 'desk');
    expect((await t.call('broadcasts.approve', { id: draft.id }, 'desk')).ok).toBe(false);

    await t.must('broadcasts.approve', { id: draft.id });
    // Approval for "now" starts the sender at once: all queued, none finished, so still sending.
    for (let i = 0; i < 40 && (await t.must('broadcasts.get', { id: draft.id })).counts.queued < 2; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await t.must('broadcasts.get', { id: draft.id })).toMatchObject({ status: 'sending', counts: { queued: 2, byState: { queued: 2 } } });
    // The engine sends them; its delivery.updated events (no sender run) complete the broadcast.
    await t.core.services.engine.runOnce();
    for (let i = 0; i < 40 && (await t.must('broadcasts.get', { id: draft.id })).status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const done = await t.must('broadcasts.get', { id: draft.id });
    expect(done).toMatchObject({ status: 'completed', counts: { total: 2, queued: 2, excluded: 0, pending: 0, byState: { queued: 0, held: 0, sending: 0 } } });
    const finished = Object.entries(done.counts.byState).filter(([, n]) => n > 0);
    expect(finished.reduce((a, [, n]) => a + n, 0)).toBe(2);
    expect((await t.call('broadcasts.cancel', { id: draft.id })).ok).toBe(false);
    expect((await t.must('broadcasts.list', {})).map((b) => b.id)).toEqual([draft.id]);
  });
});
