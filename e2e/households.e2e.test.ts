/**
 * Families and held replies in the browser (dev transport, sandbox provider): two children on
 * their mother's phone have one thread, both names in its header, and every message says which
 * child it is about; a reply held for quiet hours says why and until when in the thread, and
 * "Send now" sends it.
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
import { invoke, pinSession, setUpAccounts, zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const FAMILY_PHONE = '+12125550140';

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let sessionId: string;
let emmaId: number;
let noahId: number;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-households-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: launched.rendererDir, logger: memoryLogger() });
  ({ sessionId } = await setUpAccounts(server, { as: RECEPTIONIST }));
  const afternoon = zoneWhereHourIs(13);
  emmaId = (await invoke(server, sessionId, 'patients.create', { firstName: 'Emma', lastName: 'Lopez', timeZone: afternoon, contactPoints: [{ kind: 'phone', value: FAMILY_PHONE }] })).id;
  noahId = (await invoke(server, sessionId, 'patients.create', { firstName: 'Noah', lastName: 'Lopez', timeZone: afternoon, contactPoints: [{ kind: 'phone', value: FAMILY_PHONE }] })).id;
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

describe('households and held replies in the inbox', () => {
  it('two children on one phone: one thread, both names in the header, each message tagged with its patient', async () => {
    await invoke(server, sessionId, 'messages.send', { to: { patientId: emmaId }, channel: 'sms', body: 'Emma’s vaccination is due next week.' });
    await invoke(server, sessionId, 'messages.send', { to: { patientId: noahId }, channel: 'sms', body: 'Noah’s check-up is on Friday at 9:00.' });
    await invoke(server, sessionId, 'sandbox.replyAsPatient', { channel: 'sms', address: FAMILY_PHONE, body: 'Thanks! Can they come together?' });

    await page.goto(`${server.url}#/inbox`);
    const rows = page.getByTestId('conversation-row');
    await visible(rows.first());
    expect(await rows.count()).toBe(1);
    await rows.first().click();
    await expect.poll(() => page.getByTestId('thread-title').textContent()).toBe('Emma and Noah Lopez');
    expect(await page.getByTestId('thread-member').allTextContents()).toEqual(['Emma Lopez', 'Noah Lopez']);
    const message = (text: string) => page.getByTestId('thread-message').filter({ hasText: text });
    await visible(message('vaccination'));
    expect(await message('vaccination').getByTestId('message-patient').textContent()).toBe('Emma Lopez');
    expect(await message('check-up').getByTestId('message-patient').textContent()).toBe('Noah Lopez');
    // The mother's reply could be about either child: the thread does not guess.
    expect(await message('come together').getByTestId('message-patient').textContent()).toBe('Shared phone');
    await screenshot(page, 'households-01-family-thread');
    expect(pageErrors).toEqual([]);
  });

  it('a reply held for quiet hours says why and until when, and "Send now" sends it', async () => {
    const grace = await invoke(server, sessionId, 'patients.create', {
      firstName: 'Grace',
      lastName: 'Night',
      timeZone: zoneWhereHourIs(23),
      contactPoints: [{ kind: 'phone', value: '+12125550141' }],
    });
    const out = await invoke(server, sessionId, 'messages.send', { to: { patientId: grace.id }, channel: 'sms', body: 'Your lab forms are ready to pick up.' });
    expect(out).toMatchObject({ status: 'queued', held: { reason: 'quiet_hours' } });

    await page.goto(`${server.url}#/inbox`);
    await page.getByTestId('conversation-row').filter({ hasText: 'Grace Night' }).click();
    const message = page.getByTestId('thread-message').filter({ hasText: 'lab forms' });
    const notice = await visible(message.getByTestId('held-notice'));
    expect(await notice.getByTestId('held-why').textContent()).toMatch(/^Held for quiet hours until \w+, \w+ \d+, \d{1,2}:\d{2} [AP]M$/);
    await screenshot(page, 'households-02-held-reply');
    await message.getByTestId('held-send-now').click();
    await expect.poll(() => message.getByTestId('delivery-badge').first().getAttribute('data-state'), { timeout: 15_000 }).toMatch(/^(sending|sent|delivered)$/);
    await message.getByTestId('held-notice').waitFor({ state: 'detached' });
    const audit = server.core.db.$client.prepare(`select action from audit_log where action = 'message.sent_now'`).all();
    expect(audit).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });
});
