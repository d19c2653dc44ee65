/**
 * Families and held replies in the browser (dev transport, sandbox provider): two children on
 * their mother's phone have one thread, both names in its header, and every message says which
 * child it is about; a reply held for quiet hours says why and until when in the thread, and
 * "Send now" sends it.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const FAMILY_PHONE = '+12125550140';

let emmaId: number;
let noahId: number;

const app = useBrowserApp({
  name: 'households',
  as: RECEPTIONIST,
  seed: async ({ call }) => {
    const afternoon = zoneWhereHourIs(13);
    emmaId = (await call('patients.create', { firstName: 'Emma', lastName: 'Lopez', timeZone: afternoon, contactPoints: [{ kind: 'phone', value: FAMILY_PHONE }] })).id;
    noahId = (await call('patients.create', { firstName: 'Noah', lastName: 'Lopez', timeZone: afternoon, contactPoints: [{ kind: 'phone', value: FAMILY_PHONE }] })).id;
  },
});

describe('households and held replies in the inbox', () => {
  it('two children on one phone: one thread, both names in the header, each message tagged with its patient', async () => {
    await app.call('messages.send', { to: { patientId: emmaId }, channel: 'sms', body: 'Emma’s vaccination is due next week.' });
    await app.call('messages.send', { to: { patientId: noahId }, channel: 'sms', body: 'Noah’s check-up is on Friday at 9:00.' });
    await app.call('sandbox.replyAsPatient', { channel: 'sms', address: FAMILY_PHONE, body: 'Thanks! Can they come together?' });

    await app.page.goto(`${app.server.url}#/inbox`);
    const rows = app.page.getByTestId('conversation-row');
    await visible(rows.first());
    expect(await rows.count()).toBe(1);
    await rows.first().click();
    await expect.poll(() => app.page.getByTestId('thread-title').textContent()).toBe('Emma and Noah Lopez');
    expect(await app.page.getByTestId('thread-member').allTextContents()).toEqual(['Emma Lopez', 'Noah Lopez']);
    const message = (text: string) => app.page.getByTestId('thread-message').filter({ hasText: text });
    await visible(message('vaccination'));
    expect(await message('vaccination').getByTestId('message-patient').textContent()).toBe('Emma Lopez');
    expect(await message('check-up').getByTestId('message-patient').textContent()).toBe('Noah Lopez');
    // The mother's reply could be about either child: the thread does not guess.
    expect(await message('come together').getByTestId('message-patient').textContent()).toBe('Shared phone');
    await screenshot(app.page, 'households-01-family-thread');
    expect(app.pageErrors).toEqual([]);
  });

  it('a reply held for quiet hours says why and until when, and "Send now" sends it', async () => {
    const grace = await app.call('patients.create', {
      firstName: 'Grace',
      lastName: 'Night',
      timeZone: zoneWhereHourIs(23),
      contactPoints: [{ kind: 'phone', value: '+12125550141' }],
    });
    const out = await app.call('messages.send', { to: { patientId: grace.id }, channel: 'sms', body: 'Your lab forms are ready to pick up.' });
    expect(out).toMatchObject({ status: 'queued', held: { reason: 'quiet_hours' } });

    await app.page.goto(`${app.server.url}#/inbox`);
    await app.page.getByTestId('conversation-row').filter({ hasText: 'Grace Night' }).click();
    const message = app.page.getByTestId('thread-message').filter({ hasText: 'lab forms' });
    const notice = await visible(message.getByTestId('held-notice'));
    expect(await notice.getByTestId('held-why').textContent()).toMatch(/^Held for quiet hours until \w+, \w+ \d+, \d{1,2}:\d{2} [AP]M$/);
    await screenshot(app.page, 'households-02-held-reply');
    await message.getByTestId('held-send-now').click();
    await expect.poll(() => message.getByTestId('delivery-badge').first().getAttribute('data-state'), { timeout: 15_000 }).toMatch(/^(sending|sent|delivered)$/);
    await message.getByTestId('held-notice').waitFor({ state: 'detached' });
    const audit = app.server.core.db.$client.prepare(`select action from audit_log where action = 'message.sent_now'`).all();
    expect(audit).toHaveLength(1);
    expect(app.pageErrors).toEqual([]);
  });
});
