/**
 * The Messaging settings tab in the browser through the dev transport: an admin changes the
 * confirmation words and switches off the "booked" notice, and both are kept after a reload; a
 * bad word is refused inline; the IMAP password is saved write-only (the page shows only "set",
 * scheduler.getSettings never returns it); a manager sees the tab read-only and a receptionist
 * sees only the fixed keywords with the clinic's HELP reply. Removing the password clears it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { launchWithRenderer, screenshot, visible } from './browser';
import { invoke, pinSession, setUpAccounts } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const MANAGER = { username: 'max', displayName: 'Max Manager', password: 'manager password 1' };
const IMAP_PASSWORD = 'imap-secret-Zq81';
const CLINIC_NAME = 'Harbour Family Clinic';

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let adminSession: string;
let receptionistSession: string;
const pageErrors: string[] = [];

async function openPage(sessionId: string): Promise<Page> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ viewport: { width: 1360, height: 1500 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await pinSession(page, sessionId);
  return page;
}

async function openMessagingTab(page: Page): Promise<void> {
  await page.goto(`${server.url}#/settings`);
  await visible(page.getByTestId('screen-settings'));
  await page.getByRole('tab', { name: 'Messaging' }).click();
  await visible(page.getByTestId('messaging-settings'));
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-messaging-'));
  const dataDir = path.join(workDir, 'data');
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  const rendererDir = launched.rendererDir;
  server = await startDevServer({ dataDir, migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
  ({ sessionId: receptionistSession, adminSession } = await setUpAccounts(server, { as: RECEPTIONIST }));
  await invoke(server, adminSession, 'settings.update', { clinicName: CLINIC_NAME, clinicPhone: '+12125550100' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('settings: messaging', () => {
  let page: Page;

  it('an admin changes the confirmation words and the booked notice; both are kept after a reload', async () => {
    page = await openAs(adminSession);
    const confirm = await visible(page.getByTestId('messaging-confirm-words'));
    expect(await confirm.inputValue()).toBe('C, CONFIRM');
    const booked = page.getByTestId('messaging-notice-booked').locator('input');
    expect(await booked.isChecked()).toBe(true);
    await visible(page.getByTestId('messaging-import-hint'));
    // The HELP reply names the clinic from the clinic settings.
    const help = await page.getByTestId('fixed-keyword-help-reply').textContent();
    expect(help).toContain(CLINIC_NAME);
    expect(help).toContain('Reply STOP to opt out.');
    await screenshot(page, 'settings-messaging-01-defaults');

    // A word with punctuation, and STOP (already the opt-out keyword), are refused inline; nothing is saved.
    await confirm.fill('C, OK!');
    await page.getByTestId('messaging-save').click();
    expect(await visible(page.getByTestId('messaging-confirm-words-error')).then((l) => l.textContent())).toContain('letters and digits only');
    await confirm.fill('C, STOP');
    expect(await page.getByTestId('messaging-confirm-words-error').textContent()).toContain('already an opt-out');
    expect((await invoke(server, adminSession, 'scheduler.getSettings', {})).keywords.confirm).toEqual(['C', 'CONFIRM']);

    await confirm.fill('c, confirm, yes');
    await page.getByTestId('messaging-notice-booked').locator('label').click();
    expect(await booked.isChecked()).toBe(false);
    await page.getByTestId('messaging-save').click();
    await visible(page.getByTestId('messaging-saved'));
    const saved = await invoke(server, adminSession, 'scheduler.getSettings', {});
    expect(saved.keywords.confirm).toEqual(['C', 'CONFIRM', 'YES']);
    expect(saved.notices).toEqual({ booked: false, moved: true, cancelled: true });

    await page.reload();
    await openMessagingTab(page);
    expect(await (await visible(page.getByTestId('messaging-confirm-words'))).inputValue()).toBe('C, CONFIRM, YES');
    expect(await page.getByTestId('messaging-notice-booked').locator('input').isChecked()).toBe(false);
    expect(await page.getByTestId('messaging-notice-moved').locator('input').isChecked()).toBe(true);
  });

  it('the mailbox password is write-only: the page shows "set", getSettings never returns it', async () => {
    await page.getByText('Read replies and bounces from a mailbox').click();
    expect(await (await visible(page.getByTestId('imap-password-state'))).textContent()).toBe('not set');
    // The server still checks what the browser sends: a missing host is refused inline first.
    await page.getByTestId('messaging-save').click();
    await visible(page.getByTestId('imap-host-error'));
    await page.getByTestId('imap-host').fill('imap.harbour.example');
    await page.getByTestId('imap-user').fill('replies@harbour.example');
    await page.getByTestId('imap-password').fill(IMAP_PASSWORD);
    await page.getByTestId('messaging-save').click();
    await visible(page.getByTestId('messaging-saved'));
    expect(await page.getByTestId('imap-password-state').textContent()).toBe('set');
    expect(await page.getByTestId('imap-password').inputValue()).toBe('');

    const view = await invoke(server, adminSession, 'scheduler.getSettings', {});
    expect(view.imap).toEqual({ host: 'imap.harbour.example', port: 993, secure: true, user: 'replies@harbour.example', mailbox: 'INBOX', hasPassword: true });
    expect(JSON.stringify(view)).not.toContain(IMAP_PASSWORD);

    await page.reload();
    await openMessagingTab(page);
    expect(await (await visible(page.getByTestId('imap-password-state'))).textContent()).toBe('set');
    expect(await page.getByTestId('imap-password').inputValue()).toBe('');
    expect(await page.getByTestId('imap-password').getAttribute('placeholder')).toBe('saved — type to replace');
    expect(await page.content()).not.toContain(IMAP_PASSWORD);
    // Saving other changes keeps the saved password.
    await page.getByTestId('messaging-backups-kept').fill('14');
    await page.getByTestId('messaging-save').click();
    await visible(page.getByTestId('messaging-saved'));
    const after = await invoke(server, adminSession, 'scheduler.getSettings', {});
    expect(after.backupsKept).toBe(14);
    expect(after.imap?.hasPassword).toBe(true);
    await screenshot(page, 'settings-messaging-02-admin-saved');
  });

  it('a manager sees the tab read-only', async () => {
    await invoke(server, adminSession, 'staff.create', { ...MANAGER, role: 'manager' });
    await invoke(server, 'manager-session', 'auth.signIn', { username: MANAGER.username, password: MANAGER.password });
    const managerPage = await openAs('manager-session');
    const confirm = await visible(managerPage.getByTestId('messaging-confirm-words'));
    expect(await confirm.inputValue()).toBe('C, CONFIRM, YES');
    expect(await confirm.isDisabled()).toBe(true);
    expect(await managerPage.getByTestId('messaging-notice-booked').locator('input').isDisabled()).toBe(true);
    expect(await managerPage.getByTestId('imap-password-state').textContent()).toBe('set');
    expect(await managerPage.getByTestId('messaging-save').count()).toBe(0);
    await screenshot(managerPage, 'settings-messaging-03-manager');
  });

  it('a receptionist sees only the fixed keywords and the HELP reply, read-only', async () => {
    const receptionPage = await openAs(receptionistSession);
    await visible(receptionPage.getByTestId('settings-read-only'));
    await visible(receptionPage.getByTestId('messaging-locked'));
    expect(await receptionPage.getByTestId('fixed-keyword-opt_out').textContent()).toContain('STOP');
    expect(await receptionPage.getByTestId('fixed-keyword-help-reply').textContent()).toContain(CLINIC_NAME);
    expect(await receptionPage.getByTestId('messaging-form').count()).toBe(0);
    expect(await receptionPage.getByTestId('messaging-save').count()).toBe(0);
    expect(await receptionPage.locator('[data-testid="messaging-settings"] input').count()).toBe(0);
    await screenshot(receptionPage, 'settings-messaging-04-receptionist');
  });

  it('an admin removes the saved mailbox password', async () => {
    await page.getByTestId('imap-password-remove').click();
    expect(await page.getByTestId('imap-password-state').textContent()).toBe('removed on save');
    await page.getByTestId('messaging-save').click();
    await visible(page.getByTestId('messaging-saved'));
    expect(await page.getByTestId('imap-password-state').textContent()).toBe('not set');
    const view = await invoke(server, adminSession, 'scheduler.getSettings', {});
    expect(view.imap).toMatchObject({ host: 'imap.harbour.example', hasPassword: false });
    expect(pageErrors).toEqual([]);
  });
});

async function openAs(sessionId: string): Promise<Page> {
  const page = await openPage(sessionId);
  await openMessagingTab(page);
  return page;
}
