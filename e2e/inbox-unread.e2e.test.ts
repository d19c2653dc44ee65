/**
 * New patient messages are noticed anywhere in the app: the Inbox item in the side navigation
 * and the window title carry the unread count, a toast with "Open" appears on any screen (never
 * for the conversation being read), and the conversation being read is marked read as replies
 * arrive. Screenshots of the toast and badge on the Patients screen, light and dark.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const GRACE = '+12125550123';
const OMAR = '+12125550188';

const app = useBrowserApp({
  name: 'unread',
  as: RECEPTIONIST,
  seed: async ({ call }) => {
    await call('patients.create', { firstName: 'Grace', lastName: 'Okafor', contactPoints: [{ kind: 'phone', value: GRACE, isPrimary: true }] });
    await call('patients.create', { firstName: 'Omar', lastName: 'Shah', contactPoints: [{ kind: 'phone', value: OMAR, isPrimary: true }] });
  },
});

const patientTexts = (from: string, body: string) => app.call('sandbox.replyAsPatient', { channel: 'sms', address: from, body });
const toast = (name: string) => app.page.getByTestId('new-message-toast').filter({ hasText: name });
const navUnread = () => app.page.getByTestId('nav-unread').textContent().catch(() => null);

describe('unread messages outside the inbox', () => {
  it('badges the Inbox item and the window title, and toasts with Open on another screen', async () => {
    await app.page.goto(`${app.server.url}#/patients`);
    await visible(app.page.getByTestId('screen-patients'));
    expect(await app.page.title()).toBe('Frontdesk');

    await patientTexts(GRACE, 'Is parking free on Saturdays?');
    await expect.poll(navUnread).toBe('1');
    await expect.poll(() => app.page.title()).toBe('Frontdesk — 1 unread');
    await visible(toast('Grace Okafor'));
    expect(await toast('Grace Okafor').textContent()).toContain('Is parking free on Saturdays?');
    await screenshot(app.page, 'unread-toast-patients-light');

    await app.page.getByTestId('theme-toggle').click();
    await patientTexts(OMAR, 'Running ten minutes late, sorry');
    await expect.poll(navUnread).toBe('2');
    await expect.poll(() => app.page.title()).toBe('Frontdesk — 2 unread');
    await visible(toast('Omar Shah'));
    await screenshot(app.page, 'unread-toast-patients-dark');
    await app.page.getByTestId('theme-toggle').click();
    expect(app.pageErrors).toEqual([]);
  });

  it('Open on the toast opens the conversation; replies to the open one are read at once and not toasted', async () => {
    await patientTexts(GRACE, 'One more thing about Saturday');
    const graceToast = app.page.locator('.bp6-toast').filter({ hasText: 'Grace Okafor' });
    await visible(graceToast.filter({ hasText: 'One more thing about Saturday' }));
    await expect.poll(navUnread).toBe('3');
    await graceToast.getByRole('button', { name: 'Open' }).click();
    await visible(app.page.getByTestId('screen-inbox'));
    await expect.poll(() => app.page.getByTestId('thread-title').textContent()).toContain('Grace Okafor');
    await expect.poll(navUnread).toBe('1');
    await expect.poll(() => app.page.title()).toBe('Frontdesk — 1 unread');

    // Grace writes again while her conversation is open: shown, read, no toast, count unchanged.
    await patientTexts(GRACE, 'Also, can I bring my son?');
    await visible(app.page.getByTestId('thread-message').filter({ hasText: 'Also, can I bring my son?' }));
    // Omar's toast comes after Grace's message was handled; by then no toast named Grace appeared.
    await patientTexts(OMAR, 'Actually twenty minutes');
    await expect.poll(navUnread).toBe('2');
    await expect.poll(() => toast('Omar Shah').count()).toBeGreaterThan(0);
    expect(await toast('Grace Okafor').count()).toBe(0);
    const list = await app.call('inbox.list', {});
    expect(list.items.map((c) => [c.title, c.unreadCount])).toEqual([
      ['Omar Shah', 2],
      ['Grace Okafor', 0],
    ]);
    const graceRow = app.page.getByTestId('conversation-row').filter({ hasText: 'Grace Okafor' });
    expect(await graceRow.getByTestId('unread-badge').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
