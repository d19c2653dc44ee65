/**
 * A morning at the front desk by keyboard alone: open the first unread, read the context panel
 * beside it (next appointment, its reminder, consent per channel), reply with a quick reply that
 * asks for a date and time, assign, snooze one, resolve one, then search and open a result at
 * its matching message. Then the context panel in light and dark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { isFocused, launchWithRenderer, screenshot, visible } from './browser';
import { invoke, pinSession, setUpAccounts, zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONES = { grace: '+12125550123', omar: '+12125550188', maya: '+12125550177' };

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let sessionId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-morning-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: launched.rendererDir, logger: memoryLogger() });
  let adminSession: string;
  ({ sessionId, adminSession } = await setUpAccounts(server, { as: RECEPTIONIST }));
  // The booking below is made just before its reminder is due; with the default notice skip the
  // booked notice would stand in for it (no-stacking.test.ts covers the skip).
  await invoke(server, adminSession, 'scheduler.updateSettings', { noticeSkipHours: 0 });
  const zone = zoneWhereHourIs(13);
  const make = (firstName: string, lastName: string, phone: string, extra: { language?: string; email?: string } = {}) =>
    invoke(server, sessionId, 'patients.create', {
      firstName,
      lastName,
      timeZone: zone,
      language: extra.language,
      contactPoints: [{ kind: 'phone', value: phone, isPrimary: true }, ...(extra.email ? [{ kind: 'email' as const, value: extra.email }] : [])],
    });
  const maya = await make('Maya', 'Bennett', PHONES.maya);
  await make('Omar', 'Shah', PHONES.omar);
  const grace = await make('Grace', 'Okafor', PHONES.grace, { language: 'es', email: 'grace@example.com' });
  await invoke(server, sessionId, 'consent.set', { patientId: grace.id, channel: 'whatsapp', purpose: 'transactional', status: 'opted_out' });
  // Grace's cleaning tomorrow, inside the 24-hour SMS reminder: the planner sends it now.
  await invoke(server, sessionId, 'appointments.create', { patientId: grace.id, clinician: 'Dr. Patel', location: 'Room 2', startsAt: Date.now() + 20 * 3_600_000 });
  await invoke(server, adminSession, 'scheduler.runJob', { name: 'reminders.plan' });
  void maya;
  const text = (from: string, body: string) => invoke(server, sessionId, 'sandbox.replyAsPatient', { channel: 'sms', address: from, body });
  await text(PHONES.maya, 'Where do I park my car when I come in?');
  await text(PHONES.maya, 'Never mind, found it. Thanks!');
  await text(PHONES.omar, 'Running late, be there at 9:20');
  await text(PHONES.grace, 'Can I move my cleaning to later this week?');
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await pinSession(page, sessionId);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const row = (name: string) => page.getByTestId('conversation-row').filter({ hasText: name });
const threadTitle = () => page.getByTestId('thread-title').textContent().catch(() => null);

describe('a morning by keyboard', () => {
  it('triages the inbox without the mouse', async () => {
    await page.goto(`${server.url}#/inbox`);
    await visible(row('Grace Okafor').getByTestId('unread-badge'));

    // The first unread, with who she is beside it.
    await page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Grace Okafor');
    const panel = await visible(page.getByTestId('context-panel'));
    await expect.poll(() => panel.getByTestId('context-appointment').textContent()).toContain('Dr. Patel');
    expect(await panel.getByTestId('context-confirmation').textContent()).toBe('Not confirmed yet');
    await expect.poll(() => panel.getByTestId('context-reminder').filter({ hasText: 'SMS' }).first().textContent()).toMatch(/^SMS reminder (queued|sending|sent|delivered)/);
    expect(await panel.getByTestId('context-language').textContent()).toBe('Spanish');
    expect(await panel.locator('[data-testid="context-channel"][data-channel="whatsapp"]').textContent()).toContain('Opted out');
    expect(await panel.locator('[data-testid="context-channel"][data-channel="email"]').textContent()).toContain('grace@example.com');
    expect(await panel.locator('[data-testid="context-channel"][data-channel="sms"]').getAttribute('data-ok')).toBe('true');
    expect(await panel.getByTestId('context-profile-link').getAttribute('href')).toMatch(/^#\/patients\/\d+$/);
    await page.keyboard.press('i');
    await page.getByTestId('context-panel').waitFor({ state: 'detached' });
    await page.keyboard.press('i');
    await visible(page.getByTestId('context-panel'));

    // q: the quick reply to reschedule asks for the date and the time first.
    await page.keyboard.press('q');
    await expect.poll(() => isFocused(page.getByTestId('quick-filter'))).toBe(true);
    await page.keyboard.type('resch');
    await expect.poll(() => page.getByTestId('quick-item').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(page.getByTestId('quick-value').first())).toBe(true);
    await page.keyboard.type('Thu 4 Dec');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4:30 PM');
    expect(await page.getByTestId('quick-preview').textContent()).toContain('Thu 4 Dec at 4:30 PM');
    await screenshot(page, 'morning-quick-reply-values');
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(page.getByTestId('composer-body'))).toBe(true);
    const reply = await page.getByTestId('composer-body').inputValue();
    expect(reply).toMatch(/^We can move your appointment to Thu 4 Dec at 4:30 PM\. Reply YES to take it/);
    await page.keyboard.press('Control+Enter');
    await visible(page.getByTestId('thread-message').filter({ hasText: 'Thu 4 Dec at 4:30 PM' }));

    // a assigns it to me (the composer let go of the keyboard after sending).
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('thread-assignee').textContent().catch(() => null)).toBe('You');

    // j, Enter: Omar. s snoozes him (↓ to a choice, Enter).
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Omar Shah');
    await page.keyboard.press('s');
    const choices = await visible(page.getByTestId('snooze-choices'));
    // ↓ moves to the second choice; Enter takes it.
    const second = (await choices.locator('button').nth(1).textContent()) ?? '';
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement.textContent')).toBe(second);
    await page.keyboard.press('Enter');
    await row('Omar Shah').waitFor({ state: 'detached' });

    // Maya: open and resolve.
    await page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Maya Bennett');
    await page.keyboard.press('e');
    await row('Maya Bennett').waitFor({ state: 'detached' });

    // / finds Maya's old question among all conversations (resolved ones too), Escape back to the
    // list, Enter opens it at the matching message.
    await page.keyboard.press('/');
    await expect.poll(() => isFocused(page.getByTestId('inbox-search'))).toBe(true);
    await page.keyboard.type('Bennett');
    await visible(row('Maya Bennett'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('park');
    const match = await visible(row('Maya Bennett').getByTestId('search-match'));
    expect(await match.textContent()).toBe('Where do I park my car when I come in?');
    expect(await match.getByTestId('search-hit').textContent()).toBe('park');
    await page.keyboard.press('Escape');
    expect(await isFocused(page.getByTestId('inbox-search'))).toBe(false);
    await page.keyboard.press('Enter');
    await expect.poll(threadTitle).toContain('Maya Bennett');
    const focused = await visible(page.locator('[data-testid="thread-message"][data-focused="true"]'));
    expect(await focused.textContent()).toContain('Where do I park my car');
    expect(await focused.getByTestId('search-hit').textContent()).toBe('park');
    await screenshot(page, 'morning-search-result');

    const all = await invoke(server, sessionId, 'inbox.list', { filter: { status: 'all' } });
    const byName = Object.fromEntries(all.items.map((c) => [c.title, c]));
    expect(byName['Grace Okafor']).toMatchObject({ status: 'open', assigneeName: RECEPTIONIST.displayName, unreadCount: 0 });
    expect(byName['Omar Shah']?.status).toBe('snoozed');
    expect(byName['Maya Bennett']?.status).toBe('resolved');
    expect(pageErrors).toEqual([]);
  });

  it('? lists the inbox’s keys, and single-letter keys never type into a field', async () => {
    await page.keyboard.press('Shift+?');
    const dialog = await visible(page.locator('.bp6-hotkey-dialog'));
    for (const label of ['Insert a quick reply…', 'Show or hide the patient details beside the thread', 'Search names, phone numbers and messages']) {
      expect(await dialog.textContent()).toContain(label);
    }
    await page.keyboard.press('Escape');
    // Each screen's own keys: the day view's.
    await page.keyboard.press('Alt+3');
    await visible(page.getByTestId('screen-appointments'));
    await page.keyboard.press('Shift+?');
    const dayKeys = await visible(page.locator('.bp6-hotkey-dialog'));
    expect(await dayKeys.textContent()).toContain('Book an appointment on this day');
    expect(await dayKeys.textContent()).toContain('Previous day');
    expect(await dayKeys.textContent()).not.toContain('Insert a quick reply');
    await page.keyboard.press('Escape');
    // On Patients nothing has focus on arrival: n opens the new-patient form instead of typing.
    await page.keyboard.press('Alt+2');
    await visible(page.getByTestId('screen-patients'));
    await page.keyboard.press('/');
    await expect.poll(() => isFocused(page.getByTestId('patient-search'))).toBe(true);
    // In the field, n is a letter; Escape leaves the field (Chromium also clears a search box).
    await page.keyboard.type('n');
    expect(await page.getByTestId('patient-search').inputValue()).toBe('n');
    await page.keyboard.press('Escape');
    expect(await isFocused(page.getByTestId('patient-search'))).toBe(false);
    const left = await page.getByTestId('patient-search').inputValue();
    await page.keyboard.press('n');
    await visible(page.getByTestId('patient-first-name'));
    expect(await page.getByTestId('patient-search').inputValue()).toBe(left);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('the context panel, light and dark', async () => {
    await page.keyboard.press('Alt+1');
    await page.getByTestId('inbox-search').fill('Grace');
    await row('Grace Okafor').click();
    await visible(page.getByTestId('context-panel').getByTestId('context-reminder').first());
    await screenshot(page, 'context-panel-light');
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'context-panel-dark');
    await page.getByTestId('theme-toggle').click();
    expect(pageErrors).toEqual([]);
  });
});
