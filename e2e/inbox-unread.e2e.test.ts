/**
 * New patient messages are noticed anywhere in the app: the Inbox item in the side navigation
 * and the window title carry the unread count, a toast with "Open" appears on any screen (never
 * for the conversation being read), and the conversation being read is marked read as replies
 * arrive. Screenshots of the toast and badge on the Patients screen, light and dark.
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
const GRACE = '+12125550123';
const OMAR = '+12125550188';

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let sessionId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-unread-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: launched.rendererDir, logger: memoryLogger() });
  ({ sessionId } = await setUpAccounts(server, { as: RECEPTIONIST }));
  await invoke(server, sessionId, 'patients.create', { firstName: 'Grace', lastName: 'Okafor', contactPoints: [{ kind: 'phone', value: GRACE, isPrimary: true }] });
  await invoke(server, sessionId, 'patients.create', { firstName: 'Omar', lastName: 'Shah', contactPoints: [{ kind: 'phone', value: OMAR, isPrimary: true }] });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await pinSession(page, sessionId);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const patientTexts = (from: string, body: string) => invoke(server, sessionId, 'sandbox.replyAsPatient', { channel: 'sms', address: from, body });
const toast = (name: string) => page.getByTestId('new-message-toast').filter({ hasText: name });
const navUnread = () => page.getByTestId('nav-unread').textContent().catch(() => null);

describe('unread messages outside the inbox', () => {
  it('badges the Inbox item and the window title, and toasts with Open on another screen', async () => {
    await page.goto(`${server.url}#/patients`);
    await visible(page.getByTestId('screen-patients'));
    expect(await page.title()).toBe('Frontdesk');

    await patientTexts(GRACE, 'Is parking free on Saturdays?');
    await expect.poll(navUnread).toBe('1');
    await expect.poll(() => page.title()).toBe('Frontdesk — 1 unread');
    await visible(toast('Grace Okafor'));
    expect(await toast('Grace Okafor').textContent()).toContain('Is parking free on Saturdays?');
    await screenshot(page, 'unread-toast-patients-light');

    await page.getByTestId('theme-toggle').click();
    await patientTexts(OMAR, 'Running ten minutes late, sorry');
    await expect.poll(navUnread).toBe('2');
    await expect.poll(() => page.title()).toBe('Frontdesk — 2 unread');
    await visible(toast('Omar Shah'));
    await screenshot(page, 'unread-toast-patients-dark');
    await page.getByTestId('theme-toggle').click();
    expect(pageErrors).toEqual([]);
  });

  it('Open on the toast opens the conversation; replies to the open one are read at once and not toasted', async () => {
    await patientTexts(GRACE, 'One more thing about Saturday');
    const graceToast = page.locator('.bp6-toast').filter({ hasText: 'Grace Okafor' });
    await visible(graceToast.filter({ hasText: 'One more thing about Saturday' }));
    await expect.poll(navUnread).toBe('3');
    await graceToast.getByRole('button', { name: 'Open' }).click();
    await visible(page.getByTestId('screen-inbox'));
    await expect.poll(() => page.getByTestId('thread-title').textContent()).toContain('Grace Okafor');
    await expect.poll(navUnread).toBe('1');
    await expect.poll(() => page.title()).toBe('Frontdesk — 1 unread');

    // Grace writes again while her conversation is open: shown, read, no toast, count unchanged.
    await patientTexts(GRACE, 'Also, can I bring my son?');
    await visible(page.getByTestId('thread-message').filter({ hasText: 'Also, can I bring my son?' }));
    // Omar's toast comes after Grace's message was handled; by then no toast named Grace appeared.
    await patientTexts(OMAR, 'Actually twenty minutes');
    await expect.poll(navUnread).toBe('2');
    await expect.poll(() => toast('Omar Shah').count()).toBeGreaterThan(0);
    expect(await toast('Grace Okafor').count()).toBe(0);
    const list = await invoke(server, sessionId, 'inbox.list', {});
    expect(list.items.map((c) => [c.title, c.unreadCount])).toEqual([
      ['Omar Shah', 2],
      ['Grace Okafor', 0],
    ]);
    const graceRow = page.getByTestId('conversation-row').filter({ hasText: 'Grace Okafor' });
    expect(await graceRow.getByTestId('unread-badge').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
