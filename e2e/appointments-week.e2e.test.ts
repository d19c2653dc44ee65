/**
 * The appointments week view in the browser: a receptionist switches to the week (w), sees each
 * appointment with its confirmation and reminder state (the reminder sent, the patient's reply,
 * the next one due), warnings for a clinician booked twice at once and for an open booking in the
 * past, filters to one clinician, moves by week with the arrow keys, opens an appointment from
 * the keyboard (its edit dialog warns, never refuses), and finds the keys under `?`.
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
import { invoke, pinSession, setUpAccounts, zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const NY = 'America/New_York';

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let sessionId: string;
const pageErrors: string[] = [];
/** Ada's reminded appointment (about 20 hours from now) and Cy's open one an hour ago. */
let adaAt: DateTime;
let cyAt: DateTime;

const weekOf = (d: DateTime) => d.setZone(NY).minus({ days: d.setZone(NY).weekday - 1 }).toISODate() ?? '';

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-week-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: launched.rendererDir, logger: memoryLogger() });
  const accounts = await setUpAccounts(server, { as: RECEPTIONIST });
  sessionId = accounts.sessionId;
  // These bookings are made minutes before their reminder is due; the booked notice carries the
  // details, so by default that reminder would be skipped (no-stacking.test.ts covers the skip).
  await invoke(server, accounts.adminSession, 'scheduler.updateSettings', { noticeSkipHours: 0 });
  const zone = zoneWhereHourIs(13);
  const make = (firstName: string, phone: string) =>
    invoke(server, sessionId, 'patients.create', { firstName, lastName: 'Week', timeZone: zone, contactPoints: [{ kind: 'phone', value: phone, isPrimary: true }] });
  const ada = await make('Ada', '+1 212 555 3101');
  const ben = await make('Ben', '+1 212 555 3102');
  const cy = await make('Cy', '+1 212 555 3103');
  const quarter = (d: DateTime) => d.set({ minute: Math.floor(d.minute / 15) * 15, second: 0, millisecond: 0 });
  adaAt = quarter(DateTime.now().setZone(NY).plus({ hours: 20 }));
  cyAt = quarter(DateTime.now().setZone(NY).minus({ hours: 1 }));
  await invoke(server, sessionId, 'appointments.create', { patientId: ada.id, clinician: 'Dr. Chen', location: 'Main St', startsAt: adaAt.toMillis(), durationMinutes: 30 });
  await invoke(server, sessionId, 'appointments.create', { patientId: ben.id, clinician: 'Dr. Chen', location: 'Main St', startsAt: adaAt.plus({ minutes: 15 }).toMillis(), durationMinutes: 30 });
  await invoke(server, sessionId, 'appointments.create', { patientId: cy.id, clinician: 'Dr. Rivera', location: 'Harbor', startsAt: cyAt.toMillis(), durationMinutes: 30 });
  // The 24-hour SMS reminder goes out for Ada (the scheduler plans it after the booking); she answers.
  await server.core.services.scheduler.runner.runNow('reminders.plan');
  await server.core.services.engine.runOnce();
  server.core.services.engine.receiveInbound({ channel: 'sms', address: '+12125553101', body: 'Is there parking?', providerMessageId: 'SM-week-1' });

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

const card = (name: string) => page.getByTestId('week-appointment').filter({ hasText: name });

describe('appointments week view', () => {
  it('shows confirmation, reminder state and warnings per appointment, per clinician, by keyboard', async () => {
    await page.goto(`${server.url}#/appointments/${adaAt.toISODate() ?? ''}`);
    await visible(page.getByTestId('screen-appointments'));
    await page.keyboard.press('w');
    await visible(page.getByTestId('appointments-week'));
    expect(await page.getByTestId('day-title').textContent()).toContain(`Week of ${DateTime.fromISO(weekOf(adaAt)).toFormat('d LLL')}`);
    expect(await page.getByTestId('week-day').count()).toBe(7);

    // Ada: not confirmed yet, reminded by SMS (delivered through the sandbox), her reply, the next rule due.
    await expect.poll(async () => card('Ada Week').getByTestId('week-reminder').textContent(), { timeout: 20_000 }).toMatch(/Reminded .* by sms: (sent|delivered)/);
    const ada = card('Ada Week');
    expect(await ada.getByTestId('week-confirmation').textContent()).toBe('Not confirmed yet');
    expect(await ada.getByTestId('week-reminder').textContent()).toContain('Replied');
    expect(await ada.getByTestId('week-reminder').textContent()).toContain('“Is there parking?”');
    expect(await ada.getByTestId('week-reminder').textContent()).toContain('Next: SMS 2 hours before if unconfirmed');
    // Ada and Ben overlap with Dr. Chen: a warning on both, not a refusal.
    await visible(ada.getByTestId('week-warning-overlap'));
    await visible(card('Ben Week').getByTestId('week-warning-overlap'));
    await screenshot(page, 'appointments-week');
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'appointments-week-dark');
    await page.getByTestId('theme-toggle').click();

    // Cy's booking an hour ago is still open: warned as in the past (in its own week).
    if (weekOf(cyAt) !== weekOf(adaAt)) await page.goto(`${server.url}#/appointments/${cyAt.toISODate() ?? ''}`);
    await visible(card('Cy Week').getByTestId('week-warning-past'));
    if (weekOf(cyAt) !== weekOf(adaAt)) await page.goto(`${server.url}#/appointments/${adaAt.toISODate() ?? ''}`);

    // One clinician: Dr. Rivera's week has no Ada or Ben.
    await page.getByTestId('appointments-clinician').selectOption('Dr. Chen');
    await expect.poll(async () => page.getByTestId('week-appointment').count()).toBe(2);
    await page.getByTestId('appointments-clinician').selectOption('');

    // Keyboard: → next week, ← back; the card opens with Enter and the dialog warns about the overlap.
    await page.locator('body').click({ position: { x: 5, y: 890 } });
    const before = await page.getByTestId('day-title').textContent();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => page.getByTestId('day-title').textContent()).not.toBe(before);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => page.getByTestId('day-title').textContent()).toBe(before);
    // j walks the appointments in reading order; Enter opens the focused one.
    const order = await page.getByTestId('week-appointment').allTextContents();
    const ben = order.findIndex((t) => t.includes('Ben Week'));
    for (let i = 0; i <= ben; i++) await page.keyboard.press('j');
    expect(await card('Ben Week').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('appointment-form'));
    await expect.poll(async () => page.getByTestId('appointment-warning-overlap').textContent()).toContain('Dr. Chen is also booked then: Ada Week');
    await screenshot(page, 'appointments-week-edit-warning');
    await page.getByTestId('appointment-form-cancel').click();

    // The day view has the same state in its table.
    await page.locator('body').click({ position: { x: 5, y: 890 } });
    await page.keyboard.press('d');
    await screenshot(page, 'appointments-day');
    await expect.poll(async () => page.getByTestId('appointment-row').filter({ hasText: 'Ada Week' }).getByTestId('appointment-reminder').textContent()).toContain('Reminded');

    // ? lists the view keys.
    await page.keyboard.press('Shift+?');
    const dialog = await visible(page.locator('.bp6-hotkey-dialog'));
    expect(await dialog.textContent()).toContain('Week view');
    expect(await dialog.textContent()).toContain('Day view');
    expect(await dialog.textContent()).toContain('Next appointment');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
