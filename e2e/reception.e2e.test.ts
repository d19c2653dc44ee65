/**
 * Reception by keyboard, in the browser through the dev transport with the sandbox provider: a
 * receptionist starts a message to a patient (c, search, Enter), sends an SMS (Ctrl+Enter), sees
 * it on the training phone (t, beside the inbox), replies as the patient there, sees the reply
 * arrive already read in the open conversation, opens it (Enter), answers (r, Ctrl+Enter), searches (/), assigns it to herself (a) and
 * resolves it (e). No mouse after sign-in.
 * Also a screenshot of every screen in light and dark.
 */
import { describe, expect, it } from 'vitest';
import { isFocused, screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONE = '+12125550123';
const FIRST_SMS = 'Hello Grace, your cleaning is tomorrow at 09:30.';
const PATIENT_REPLY = 'Can I come at 10 instead?';
const ANSWER = 'Yes, 10:00 works. See you then!';

const app = useBrowserApp({
  name: 'reception',
  as: RECEPTIONIST,
  seed: async ({ call }) => {
    // A patient where it is early afternoon now, so quiet hours do not hold the SMS.
    await call('patients.create', {
      firstName: 'Grace',
      lastName: 'Okafor',
      timeZone: zoneWhereHourIs(13),
      contactPoints: [{ kind: 'phone', value: PHONE, isPrimary: true }],
    });
  },
});

const row = () => app.page.getByTestId('conversation-row').filter({ hasText: 'Grace Okafor' });

describe('reception by keyboard', () => {
  it('sends an SMS, the patient answers on the training phone, staff answer and resolve — all by keyboard', async () => {
    await app.page.goto(`${app.server.url}#/patients`);
    await visible(app.page.getByTestId('signed-in-as'));
    expect(await app.page.getByTestId('signed-in-as').textContent()).toBe(RECEPTIONIST.displayName);

    // Alt+1 (works even from the patients search box, which has focus): the inbox, empty.
    await app.page.keyboard.press('Alt+1');
    await visible(app.page.getByTestId('screen-inbox'));
    // g then a letter switches screens when no text field has focus: g d, then g i back.
    await app.page.keyboard.press('g');
    await app.page.keyboard.press('d');
    await visible(app.page.getByTestId('screen-dashboard'));
    await app.page.keyboard.press('g');
    await app.page.keyboard.press('i');
    await visible(app.page.getByTestId('screen-inbox'));
    await visible(app.page.getByTestId('inbox-empty'));
    await screenshot(app.page, 'reception-01-inbox-empty');

    // c: new message; find the patient, Enter; the composer has focus.
    await app.page.keyboard.press('c');
    await expect.poll(() => isFocused(app.page.getByTestId('new-message-search'))).toBe(true);
    await app.page.keyboard.type('Grace');
    await visible(app.page.getByTestId('new-message-result').filter({ hasText: 'Grace Okafor' }));
    await screenshot(app.page, 'reception-02-new-message');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => isFocused(app.page.getByTestId('composer-body'))).toBe(true);
    expect(await app.page.getByTestId('thread-title').textContent()).toContain('Grace Okafor');
    await app.page.keyboard.type(FIRST_SMS);
    // The segment counter: one GSM-7 segment and its estimated cost.
    const counter = app.page.getByTestId('segment-counter');
    await expect.poll(() => counter.textContent()).toContain('1 segment');
    expect(await app.page.getByTestId('segment-encoding').textContent()).toBe('GSM-7');
    await screenshot(app.page, 'reception-03-composer');
    await app.page.keyboard.press('Control+Enter');

    // The message created the conversation, which opens with the outbound message and its delivery badge.
    const outbound = app.page.getByTestId('thread-message').filter({ hasText: FIRST_SMS });
    await visible(outbound);
    expect(await outbound.getAttribute('data-direction')).toBe('outbound');
    await expect.poll(() => outbound.getByTestId('delivery-badge').first().getAttribute('data-state'), { timeout: 15_000 }).toMatch(/^(sent|delivered)$/);
    await visible(row());
    await screenshot(app.page, 'reception-04-sent');

    // t: the training phone shows what the patient received.
    await app.page.keyboard.press('t');
    const phone = await visible(app.page.getByTestId('training-phone'));
    await visible(phone.getByTestId('phone-received').filter({ hasText: FIRST_SMS }));
    expect(await app.page.getByTestId('phone-address').inputValue()).toBe(PHONE);
    await expect.poll(() => isFocused(app.page.getByTestId('phone-reply'))).toBe(true);
    await app.page.keyboard.type(PATIENT_REPLY);
    await app.page.keyboard.press('Control+Enter');
    await visible(phone.getByTestId('phone-sent').filter({ hasText: PATIENT_REPLY }));
    await screenshot(app.page, 'reception-05-training-phone');
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('training-phone').waitFor({ state: 'detached' });

    // The reply lands in the conversation open beside the phone: staff are reading it, so it is
    // marked read at once rather than counted unread.
    await visible(app.page.getByTestId('thread-message').filter({ hasText: PATIENT_REPLY }));
    await expect.poll(async () => (await app.call('inbox.list', {})).items[0]?.unreadCount).toBe(0);
    expect(await row().getByTestId('unread-badge').count()).toBe(0);
    await screenshot(app.page, 'reception-06-read-while-open');

    // Enter opens (marks read); r replies; Ctrl+Enter sends.
    await app.page.keyboard.press('Enter');
    await row().getByTestId('unread-badge').waitFor({ state: 'detached' });
    await app.page.keyboard.press('r');
    await expect.poll(() => isFocused(app.page.getByTestId('composer-body'))).toBe(true);
    await app.page.keyboard.type(ANSWER);
    await app.page.keyboard.press('Control+Enter');
    await visible(app.page.getByTestId('thread-message').filter({ hasText: ANSWER }));
    const inbound = app.page.getByTestId('thread-message').filter({ hasText: PATIENT_REPLY });
    expect(await inbound.getAttribute('data-direction')).toBe('inbound');
    await screenshot(app.page, 'reception-07-answered');

    // / searches every message; Esc hands the keyboard back to the list.
    await app.page.keyboard.press('/');
    await expect.poll(() => isFocused(app.page.getByTestId('inbox-search'))).toBe(true);
    await app.page.keyboard.type('instead');
    await visible(row());
    await app.page.keyboard.type(' nonexistentword');
    await visible(app.page.getByTestId('inbox-empty'));
    await screenshot(app.page, 'reception-07b-search-no-match');
    await app.page.keyboard.press('Control+A');
    await app.page.keyboard.press('Backspace');
    await app.page.keyboard.press('Escape');
    await visible(row());

    // a assigns the conversation to me.
    await app.page.keyboard.press('a');
    await expect.poll(() => app.page.getByTestId('thread-assignee').textContent().catch(() => null)).toBe('You');

    // e resolves: it leaves the open list, and the core agrees.
    await app.page.keyboard.press('e');
    await row().waitFor({ state: 'detached' });
    await visible(app.page.getByTestId('inbox-empty'));
    const resolved = await app.call('inbox.list', { filter: { status: 'resolved' } });
    expect(resolved.items.map((c) => c.title)).toEqual(['Grace Okafor']);
    expect(resolved.items[0]?.unreadCount).toBe(0);
    expect(resolved.items[0]?.assigneeName).toBe(RECEPTIONIST.displayName);
    const thread = await app.call('inbox.thread', { conversationId: resolved.items[0]?.id ?? 0 });
    expect(thread.messages.map((m) => [m.direction, m.body])).toEqual([
      ['outbound', FIRST_SMS],
      ['inbound', PATIENT_REPLY],
      ['outbound', ANSWER],
    ]);
    await screenshot(app.page, 'reception-08-resolved');

    // ? shows every shortcut.
    await app.page.keyboard.press('Shift+?');
    await visible(app.page.locator('.bp6-hotkey-dialog'));
    await screenshot(app.page, 'reception-09-shortcuts');
    await app.page.keyboard.press('Escape');

    expect(app.pageErrors).toEqual([]);
  });

  it('every screen by Alt+number, in light and dark', async () => {
    // Alt+number rather than g-letter: some screens put focus in a search box, where letters type.
    const screens = [
      ['1', 'inbox'],
      ['2', 'patients'],
      ['3', 'appointments'],
      ['4', 'templates'],
      ['6', 'dashboard'],
      ['7', 'settings'],
    ] as const;
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await app.page.getByTestId('theme-toggle').click();
      for (const [key, screen] of screens) {
        await app.page.keyboard.press(`Alt+${key}`);
        await expect.poll(() => app.page.evaluate('window.location.hash')).toBe(`#/${screen}`);
        await visible(app.page.getByTestId(`screen-${screen}`));
        await screenshot(app.page, `reception-screen-${screen}-${theme}`);
      }
    }
    expect(await app.page.evaluate("document.body.classList.contains('bp6-dark')")).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});
