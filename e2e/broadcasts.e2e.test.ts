/**
 * Broadcasts in the browser: a manager sends to 200 seeded patients of whom 3 opted out of SMS
 * and 5 are in quiet hours (their time zone is at night right now); the confirmation states those
 * numbers and the progress reaches completed through the sandbox provider once the dev server's
 * clock is moved past the end of those patients' quiet hours. A receptionist cannot
 * open the composer: no navigation entry, and a "needs the manager role" state when reached by URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { launchWithRenderer, screenshot, visible } from './browser';
import { signInOnPage } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const MANAGER = { username: 'mona', displayName: 'Mona Manager', password: 'manager password 1' };
const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1' };
const TAG = 'flu-2030';
const TEMPLATE_LABEL = 'Clinic closed Friday (broadcast, transactional)';

let workDir: string;
let rendererDir: string;
let server: DevServer;
/** The dev server's clock: real time plus an offset the broadcast test moves forward (past the quiet hours). */
const clock = { offset: 0, now: () => Date.now() + clock.offset };
let browser: Browser | undefined;
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  if (!browser) throw new Error('browser not started');
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** 200 patients tagged for the campaign: 3 opted out of SMS, 5 living where it is night now. */
function seedPatients(): { quietZone: string; dayZone: string } {
  const core = server.core;
  const dayZone = zoneWhereHourIs(13);
  const quietZone = zoneWhereHourIs(2);
  const ids: number[] = [];
  for (let i = 0; i < 200; i++) {
    const p = core.services.patients.create({
      firstName: `Pat${i}`,
      lastName: `Flu${String(i).padStart(3, '0')}`,
      dateOfBirth: '1980-01-01',
      language: 'en',
      timeZone: i < 5 ? quietZone : dayZone,
      tags: [TAG],
      contactPoints: [{ kind: 'phone', value: `+1 212 555 ${String(1000 + i)}`, isPrimary: true }],
    });
    ids.push(p.id);
  }
  // Three patients (not among the quiet-hours five) opted out of SMS, by staff, with history.
  const optOut = core.db.$client.prepare(
    "insert into consent_events (patient_id, channel, purpose, status, source, note, created_at) values (?, 'sms', 'transactional', 'opted_out', 'staff', 'asked at the desk', ?)",
  );
  for (const id of ids.slice(10, 13)) optOut.run(id, Date.now());
  return { quietZone, dayZone };
}

/** A transactional broadcast template, stored as the template service stores it (one version). */
function seedTemplate(): void {
  const sqlite = server.core.db.$client;
  const now = Date.now();
  const t = sqlite
    .prepare("insert into templates (name, category, purpose, tags, fallback_language, created_at, updated_at) values ('Clinic closed Friday', 'broadcast', 'transactional', '[\"closure\"]', 'en', ?, ?)")
    .run(now, now);
  const content = JSON.stringify({ en: { sms: { body: 'Hi {{ patient.firstName }}, {{ clinic.name }} is closed on Friday. Call us to move your visit.' } } });
  const v = sqlite.prepare('insert into template_versions (template_id, version, content, created_at) values (?, 1, ?, ?)').run(t.lastInsertRowid, content, now);
  sqlite.prepare('update templates set current_version_id = ? where id = ?').run(v.lastInsertRowid, t.lastInsertRowid);
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-broadcasts-'));
  ({ browser, rendererDir } = await launchWithRenderer(workDir));
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger(), clock });
  await server.core.services.auth.create({ ...MANAGER, role: 'manager' });
  await server.core.services.auth.create({ ...RECEPTIONIST, role: 'receptionist' });
  seedPatients();
  seedTemplate();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('broadcasts in the browser', () => {
  it('the confirmation says 192 by SMS now, 5 held for quiet hours, 3 opted out of SMS; progress shows them delivered and completes once the holds go out', async () => {
    const page = await newPage();
    await signInOnPage(page, server.url, MANAGER);
    await page.getByTestId('nav-broadcasts').click();
    await visible(page.getByTestId('broadcast-list'));
    await visible(page.getByText('No broadcasts yet'));
    await screenshot(page, 'broadcasts-empty');

    // Audience: the campaign tag. Before a channel or template is chosen the preview uses each
    // patient's channel order (SMS, then email) as a transactional message: the three SMS opt-outs
    // have no email address, so they are excluded (no fallback); the five at night are held.
    await page.getByTestId('broadcast-new').click();
    await visible(page.getByTestId('broadcast-composer'));
    await page.getByTestId('audience-tags-input').fill(TAG);
    await page.getByTestId('audience-tags-input').press('Enter');
    await expect.poll(async () => page.getByTestId('audience-recipients').textContent(), { timeout: 10_000 }).toBe('192');
    expect(await page.getByTestId('audience-summary').textContent()).toContain('200 patients match the audience');
    expect(await page.getByTestId('audience-held-quiet_hours').textContent()).toContain('5');
    expect(await page.getByTestId('audience-excluded-opted_out').textContent()).toContain('3');
    // Narrowing the audience changes the live count: nobody speaks Vietnamese.
    await page.getByTestId('audience-language').selectOption('vi');
    await expect.poll(async () => page.getByTestId('audience-recipients').textContent()).toBe('0');
    await page.getByTestId('audience-language').selectOption('');
    await expect.poll(async () => page.getByTestId('audience-recipients').textContent()).toBe('192');
    await screenshot(page, 'broadcasts-audience');

    // Message: a name and template are required; then SMS only, now.
    await page.getByTestId('audience-next').click();
    await page.getByTestId('message-next').click();
    expect(await (await visible(page.getByTestId('broadcast-name-error'))).textContent()).toBe('Give the broadcast a name');
    await page.getByTestId('broadcast-name').fill('Closed on Friday');
    await page.getByTestId('broadcast-template').selectOption({ label: TEMPLATE_LABEL });
    await page.getByTestId('broadcast-channel').selectOption('sms');
    await screenshot(page, 'broadcasts-message');
    await page.getByTestId('message-next').click();

    // Confirmation, with SMS for everyone: 192 now by SMS, 5 held (quiet hours), 3 excluded (opted out of SMS).
    await visible(page.getByTestId('broadcast-confirm'));
    await expect.poll(async () => page.getByTestId('confirm-recipient-count').textContent()).toBe('192');
    expect(await page.getByTestId('confirm-channel-sms').textContent()).toBe('192');
    expect(await page.getByTestId('confirm-held-count').textContent()).toBe('5');
    expect(await page.getByTestId('confirm-held-quiet_hours').textContent()).toContain('5');
    expect(await page.getByTestId('confirm-excluded-count').textContent()).toBe('3');
    expect(await page.getByTestId('confirm-excluded-opted_out').textContent()).toContain('3');
    expect(await page.getByTestId('confirm-channel-email').count()).toBe(0);
    await screenshot(page, 'broadcasts-confirm');

    // Send: the 192 are delivered through the sandbox, the 5 wait in quiet hours, so it is still sending.
    await page.getByTestId('confirm-send').click();
    await visible(page.getByTestId('broadcast-progress'));
    await expect.poll(async () => page.getByTestId('progress-delivered').textContent(), { timeout: 30_000, interval: 250 }).toBe('192');
    await expect.poll(async () => page.getByTestId('progress-held').textContent()).toBe('5');
    expect(await page.getByTestId('progress-status').textContent()).toBe('sending');
    expect(await page.getByTestId('progress-excluded').textContent()).toBe('3');
    expect(await page.getByTestId('progress-excluded-opted_out').textContent()).toContain('3');
    expect(await page.getByTestId('progress-pending').textContent()).toBe('0');
    await visible(page.getByTestId('progress-held-note'));
    await screenshot(page, 'broadcasts-progress-held');
    const heldUntil = server.core.db.$client
      .prepare("select count(*) as n, max(d.next_attempt_at) as until from deliveries d join messages m on m.id = d.message_id where m.dedupe_key like 'broadcast:%' and d.state = 'held' and d.reason_code = 'quiet_hours'")
      .get() as { n: number; until: number };
    expect(heldUntil.n).toBe(5);

    // Morning comes for the five: the dev server's clock moves just past the end of their quiet
    // hours (08:00 their time). The engine sends the held ones, the broadcast completes. The idle
    // lock notices the jump: unlock, and the progress view carries on.
    clock.offset += heldUntil.until - clock.now() + 60_000;
    await visible(page.getByTestId('lock-overlay'), 20_000);
    await page.getByTestId('unlock-password').fill(MANAGER.password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('lock-overlay').waitFor({ state: 'detached' });
    await expect.poll(async () => page.getByTestId('progress-status').textContent(), { timeout: 30_000, interval: 250 }).toBe('completed');
    expect(await page.getByTestId('progress-delivered').textContent()).toBe('197');
    expect(await page.getByTestId('progress-held').textContent()).toBe('0');
    expect(await page.getByTestId('progress-failed').textContent()).toBe('0');
    expect(await page.getByTestId('progress-excluded').textContent()).toBe('3');
    expect(await page.getByTestId('broadcast-pause').count()).toBe(0);
    await screenshot(page, 'broadcasts-progress-completed');

    // The list shows it; dark theme too.
    await page.getByTestId('broadcasts-back').click();
    const listed = await visible(page.getByTestId('broadcast-row').filter({ hasText: 'Closed on Friday' }));
    // When it went, as the American clinic writes it: "Dec 1, 2026, 5:35 PM".
    expect(await listed.locator('td').nth(2).textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s(AM|PM)$/);
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'broadcasts-list-dark');
    await page.getByTestId('theme-toggle').click();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a scheduled broadcast can be paused, resumed and cancelled from its progress view', async () => {
    const broadcastMessages = () => (server.core.db.$client.prepare("select count(*) as n from messages where dedupe_key like 'broadcast:%'").get() as { n: number }).n;
    const messagesBefore = broadcastMessages();
    const page = await newPage();
    await signInOnPage(page, server.url, MANAGER);
    await page.getByTestId('nav-broadcasts').click();
    await page.getByTestId('broadcast-new').click();
    await page.getByTestId('audience-tags-input').fill(TAG);
    await page.getByTestId('audience-tags-input').press('Enter');
    // All 200 match (the clock is now past the five's quiet hours: 197 would get it, the 3 opt-outs not).
    await expect.poll(async () => page.getByTestId('audience-summary').textContent(), { timeout: 10_000 }).toContain('200 patients match the audience');
    expect(await page.getByTestId('audience-recipients').textContent()).toBe('197');
    await page.getByTestId('audience-next').click();
    await page.getByTestId('broadcast-name').fill('Next week: new opening hours');
    await page.getByTestId('broadcast-template').selectOption({ label: TEMPLATE_LABEL });
    await page.getByText('At a time', { exact: true }).click();
    const day = DateTime.now().setZone('America/New_York').plus({ days: 7 });
    await page.getByTestId('schedule-date').fill(day.toISODate() ?? '');
    await page.getByTestId('schedule-time').fill('14:30');
    await page.getByTestId('message-next').click();
    await visible(page.getByTestId('broadcast-confirm'));
    // The clinic is American: 14:30 typed in the time field reads "2:30 PM" everywhere after it.
    const spaced = (text: string | null) => text?.replace(/\s/g, ' ') ?? '';
    expect(spaced(await page.getByTestId('broadcast-confirm').textContent())).toContain(`At ${day.toFormat('LLL d, yyyy')}, 2:30 PM`);
    await page.getByTestId('confirm-send').click();

    await expect.poll(async () => page.getByTestId('progress-status').textContent()).toBe('scheduled');
    expect(spaced(await page.getByTestId('progress-when').textContent())).toContain(`Scheduled for ${day.toFormat('LLL d, yyyy')}, 2:30 PM`);
    expect(await page.getByTestId('progress-when').textContent()).not.toContain('14:30');
    await page.getByTestId('broadcast-pause').click();
    await expect.poll(async () => page.getByTestId('progress-status').textContent()).toBe('paused');
    await visible(page.getByTestId('progress-paused-note'));
    await screenshot(page, 'broadcasts-paused');
    await page.getByTestId('broadcast-resume').click();
    await expect.poll(async () => page.getByTestId('progress-status').textContent()).toBe('scheduled');
    await page.getByTestId('broadcast-cancel').click();
    await page.getByRole('button', { name: 'Cancel the rest' }).click();
    await expect.poll(async () => page.getByTestId('progress-status').textContent()).toBe('cancelled');
    expect(await page.getByTestId('broadcast-pause').count()).toBe(0);
    await screenshot(page, 'broadcasts-cancelled');
    // Nothing from it was queued.
    expect(broadcastMessages()).toBe(messagesBefore);
    await page.close();
  });

  it('a receptionist has no broadcasts entry and sees "needs the manager role" when opening it directly', async () => {
    const page = await newPage();
    await signInOnPage(page, server.url, RECEPTIONIST);
    await visible(page.getByTestId('nav-patients'));
    expect(await page.getByTestId('nav-broadcasts').count()).toBe(0);

    await page.goto(`${server.origin}/#/broadcasts`);
    const gate = await visible(page.getByTestId('broadcasts-needs-manager'));
    expect(await gate.textContent()).toContain('Broadcasts need the manager role');
    expect(await page.getByTestId('broadcast-composer').count()).toBe(0);
    expect(await page.getByTestId('broadcast-new').count()).toBe(0);
    await screenshot(page, 'broadcasts-receptionist-forbidden');

    // The core refuses too: the approve call is manager-only.
    const refused = await page.evaluate(async () => {
      const store = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage;
      const token = store.getItem('frontdesk.token') ?? '';
      const session = store.getItem('frontdesk.session') ?? '';
      const res = await fetch('/api/call/broadcasts.approve', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-frontdesk-session': session },
        body: JSON.stringify({ id: 1 }),
      });
      return (await res.json()) as { ok: boolean; error?: { code: string } };
    });
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('forbidden');
    await page.close();
  });
});
