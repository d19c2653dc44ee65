/**
 * A morning at the front desk by keyboard alone: open the first unread, read the context panel
 * beside it (next appointment, its reminder, consent per channel), reply with a quick reply that
 * asks for a date and time, assign, snooze one, resolve one, then search and open a result at
 * its matching message. Then the context panel in light and dark.
 */
import { describe, expect, it } from 'vitest';
import { isFocused, screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONES = { grace: '+12125550123', omar: '+12125550188', maya: '+12125550177' };

const app = useBrowserApp({
  name: 'morning',
  as: RECEPTIONIST,
  viewport: { width: 1440, height: 900 },
  seed: async ({ call, callAsAdmin }) => {
    // The booking below is made just before its reminder is due; with the default notice skip the
    // booked notice would stand in for it (no-stacking.test.ts covers the skip).
    await callAsAdmin('scheduler.updateSettings', { noticeSkipHours: 0 });
    const zone = zoneWhereHourIs(13);
    const make = (firstName: string, lastName: string, phone: string, extra: { language?: string; email?: string } = {}) =>
      call('patients.create', {
        firstName,
        lastName,
        timeZone: zone,
        language: extra.language,
        contactPoints: [{ kind: 'phone', value: phone, isPrimary: true }, ...(extra.email ? [{ kind: 'email' as const, value: extra.email }] : [])],
      });
    const maya = await make('Maya', 'Bennett', PHONES.maya);
    await make('Omar', 'Shah', PHONES.omar);
    const grace = await make('Grace', 'Okafor', PHONES.grace, { language: 'es', email: 'grace@example.com' });
    await call('consent.set', { patientId: grace.id, channel: 'whatsapp', purpose: 'transactional', status: 'opted_out' });
    // Grace's cleaning tomorrow, inside the 24-hour SMS reminder: the planner sends it now.
    await call('appointments.create', { patientId: grace.id, clinician: 'Dr. Patel', location: 'Room 2', startsAt: Date.now() + 20 * 3_600_000 });
    await callAsAdmin('scheduler.runJob', { name: 'reminders.plan' });
    void maya;
    const text = (from: string, body: string) => call('sandbox.replyAsPatient', { channel: 'sms', address: from, body });
    await text(PHONES.maya, 'Where do I park my car when I come in?');
    await text(PHONES.maya, 'Never mind, found it. Thanks!');
    await text(PHONES.omar, 'Running late, be there at 9:20');
    await text(PHONES.grace, 'Can I move my cleaning to later this week?');
  },
});

const row = (name: string) => app.page.getByTestId('conversation-row').filter({ hasText: name });
const threadTitle = () => app.page.getByTestId('thread-title').textContent().catch(() => null);

describe('a morning by keyboard', () => {
  it('triages the inbox without the mouse', async () => {
    await app.page.goto(`${app.server.url}#/inbox`);
    await visible(row('Grace Okafor').getByTestId('unread-badge'));

    // The first unread, with who she is beside it.
    await app.page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Grace Okafor');
    const panel = await visible(app.page.getByTestId('context-panel'));
    await expect.poll(() => panel.getByTestId('context-appointment').textContent()).toContain('Dr. Patel');
    expect(await panel.getByTestId('context-confirmation').textContent()).toBe('Not confirmed yet');
    await expect.poll(() => panel.getByTestId('context-reminder').filter({ hasText: 'SMS' }).first().textContent()).toMatch(/^SMS reminder (queued|sending|sent|delivered)/);
    expect(await panel.getByTestId('context-language').textContent()).toBe('Spanish');
    expect(await panel.locator('[data-testid="context-channel"][data-channel="whatsapp"]').textContent()).toContain('Opted out');
    expect(await panel.locator('[data-testid="context-channel"][data-channel="email"]').textContent()).toContain('grace@example.com');
    expect(await panel.locator('[data-testid="context-channel"][data-channel="sms"]').getAttribute('data-ok')).toBe('true');
    expect(await panel.getByTestId('context-profile-link').getAttribute('href')).toMatch(/^#\/patients\/\d+$/);
    await app.page.keyboard.press('i');
    await app.page.getByTestId('context-panel').waitFor({ state: 'detached' });
    await app.page.keyboard.press('i');
    await visible(app.page.getByTestId('context-panel'));

    // q: the quick reply to reschedule asks for the date and the time first.
    await app.page.keyboard.press('q');
    await expect.poll(() => isFocused(app.page.getByTestId('quick-filter'))).toBe(true);
    await app.page.keyboard.type('resch');
    await expect.poll(() => app.page.getByTestId('quick-item').count()).toBe(1);
    await app.page.keyboard.press('Enter');
    await expect.poll(() => isFocused(app.page.getByTestId('quick-value').first())).toBe(true);
    await app.page.keyboard.type('Thu 4 Dec');
    await app.page.keyboard.press('Tab');
    await app.page.keyboard.type('4:30 PM');
    expect(await app.page.getByTestId('quick-preview').textContent()).toContain('Thu 4 Dec at 4:30 PM');
    await screenshot(app.page, 'morning-quick-reply-values');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => isFocused(app.page.getByTestId('composer-body'))).toBe(true);
    const reply = await app.page.getByTestId('composer-body').inputValue();
    expect(reply).toMatch(/^We can move your appointment to Thu 4 Dec at 4:30 PM\. Reply YES to take it/);
    await app.page.keyboard.press('Control+Enter');
    await visible(app.page.getByTestId('thread-message').filter({ hasText: 'Thu 4 Dec at 4:30 PM' }));

    // a assigns it to me (the composer let go of the keyboard after sending).
    await app.page.keyboard.press('a');
    await expect.poll(() => app.page.getByTestId('thread-assignee').textContent().catch(() => null)).toBe('You');

    // j, Enter: Omar. s snoozes him (↓ to a choice, Enter).
    await app.page.keyboard.press('j');
    await app.page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Omar Shah');
    await app.page.keyboard.press('s');
    const choices = await visible(app.page.getByTestId('snooze-choices'));
    // ↓ moves to the second choice; Enter takes it.
    const second = (await choices.locator('button').nth(1).textContent()) ?? '';
    await app.page.keyboard.press('ArrowDown');
    expect(await app.page.evaluate('document.activeElement.textContent')).toBe(second);
    await app.page.keyboard.press('Enter');
    await row('Omar Shah').waitFor({ state: 'detached' });

    // Maya: open and resolve.
    await app.page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Maya Bennett');
    await app.page.keyboard.press('e');
    await row('Maya Bennett').waitFor({ state: 'detached' });

    // / finds Maya's old question among all conversations (resolved ones too), Escape back to the
    // list, Enter opens it at the matching message.
    await app.page.keyboard.press('/');
    await expect.poll(() => isFocused(app.page.getByTestId('inbox-search'))).toBe(true);
    await app.page.keyboard.type('Bennett');
    await visible(row('Maya Bennett'));
    await app.page.keyboard.press('Control+A');
    await app.page.keyboard.type('park');
    const match = await visible(row('Maya Bennett').getByTestId('search-match'));
    expect(await match.textContent()).toBe('Where do I park my car when I come in?');
    expect(await match.getByTestId('search-hit').textContent()).toBe('park');
    await app.page.keyboard.press('Escape');
    expect(await isFocused(app.page.getByTestId('inbox-search'))).toBe(false);
    await app.page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Maya Bennett');
    const focused = await visible(app.page.locator('[data-testid="thread-message"][data-focused="true"]'));
    expect(await focused.textContent()).toContain('Where do I park my car');
    expect(await focused.getByTestId('search-hit').textContent()).toBe('park');
    await screenshot(app.page, 'morning-search-result');

    const all = await app.call('inbox.list', { filter: { status: 'all' } });
    const byName = Object.fromEntries(all.items.map((c) => [c.title, c]));
    expect(byName['Grace Okafor']).toMatchObject({ status: 'open', assigneeName: RECEPTIONIST.displayName, unreadCount: 0 });
    expect(byName['Omar Shah']?.status).toBe('snoozed');
    expect(byName['Maya Bennett']?.status).toBe('resolved');
    expect(app.pageErrors).toEqual([]);
  });

  it('? lists the inbox’s keys, and single-letter keys never type into a field', async () => {
    await app.page.keyboard.press('Shift+?');
    const dialog = await visible(app.page.locator('.bp6-hotkey-dialog'));
    for (const label of ['Insert a quick reply…', 'Show or hide the patient details beside the thread', 'Search names, phone numbers and messages']) {
      expect(await dialog.textContent()).toContain(label);
    }
    await app.page.keyboard.press('Escape');
    // Each screen's own keys: the day view's.
    await app.page.keyboard.press('Alt+3');
    await visible(app.page.getByTestId('screen-appointments'));
    await app.page.keyboard.press('Shift+?');
    const dayKeys = await visible(app.page.locator('.bp6-hotkey-dialog'));
    expect(await dayKeys.textContent()).toContain('Book an appointment on this day');
    expect(await dayKeys.textContent()).toContain('Previous day');
    expect(await dayKeys.textContent()).not.toContain('Insert a quick reply');
    await app.page.keyboard.press('Escape');
    // On Patients nothing has focus on arrival: n opens the new-patient form instead of typing.
    await app.page.keyboard.press('Alt+2');
    await visible(app.page.getByTestId('screen-patients'));
    await app.page.keyboard.press('/');
    await expect.poll(() => isFocused(app.page.getByTestId('patient-search'))).toBe(true);
    // In the field, n is a letter; Escape leaves the field (Chromium also clears a search box).
    await app.page.keyboard.type('n');
    expect(await app.page.getByTestId('patient-search').inputValue()).toBe('n');
    await app.page.keyboard.press('Escape');
    expect(await isFocused(app.page.getByTestId('patient-search'))).toBe(false);
    const left = await app.page.getByTestId('patient-search').inputValue();
    await app.page.keyboard.press('n');
    await visible(app.page.getByTestId('patient-first-name'));
    expect(await app.page.getByTestId('patient-search').inputValue()).toBe(left);
    await app.page.keyboard.press('Escape');
    expect(app.pageErrors).toEqual([]);
  });

  it('the context panel, light and dark', async () => {
    await app.page.keyboard.press('Alt+1');
    await app.page.getByTestId('inbox-search').fill('Grace');
    await row('Grace Okafor').click();
    await visible(app.page.getByTestId('context-panel').getByTestId('context-reminder').first());
    await screenshot(app.page, 'context-panel-light');
    await app.page.getByTestId('theme-toggle').click();
    await screenshot(app.page, 'context-panel-dark');
    await app.page.getByTestId('theme-toggle').click();
    expect(app.pageErrors).toEqual([]);
  });
});
