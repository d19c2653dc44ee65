/**
 * The foundation, end to end in a real browser: first-run admin, a patient with an invalid phone
 * (inline error), fixed, an appointment, every screen visited; then the core restarts on the same
 * data folder and both the patient and the appointment are still there after signing in again.
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

const ADMIN = { name: 'Ada Admin', username: 'ada', password: 'correct horse battery' };
const DAY = '2030-03-14';

let workDir: string;
let rendererDir: string;
let dataDir: string;
let server: DevServer | undefined;
/** Real time plus an offset the test moves forward, to reach the idle lock without waiting. */
const clock = { offset: 0, now: () => Date.now() + clock.offset };
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

async function startServer(): Promise<DevServer> {
  server = await startDevServer({ dataDir, migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger(), clock });
  return server;
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-'));
  dataDir = path.join(workDir, 'data');
  ({ browser, rendererDir } = await launchWithRenderer(workDir));
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('foundation in the browser', () => {
  it('sets up, creates a patient and an appointment, and finds them after the core restarts', async () => {
    const first = await startServer();
    await page.goto(first.url);

    // First run: create the admin account. Focus starts in the first field; Enter submits.
    await visible(page.getByTestId('setup-admin'));
    expect(page.url()).not.toContain('token=');
    expect(await isFocused(page.getByTestId('setup-display-name'))).toBe(true);
    await page.getByTestId('setup-display-name').fill(ADMIN.name);
    await page.getByTestId('setup-username').fill(ADMIN.username);
    await page.getByTestId('setup-password').fill(ADMIN.password);
    await page.getByTestId('setup-confirm').fill(ADMIN.password);
    await screenshot(page, '01-setup-admin');
    await page.getByTestId('setup-confirm').press('Enter');

    await visible(page.getByTestId('screen-patients'));
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(ADMIN.name);
    await visible(page.getByText('No patients yet'));
    await screenshot(page, '02-patients-empty');

    // New patient with an invalid phone: the inline error shows under the phone field.
    await page.getByTestId('new-patient').click();
    await visible(page.getByTestId('patient-form'));
    await expect.poll(() => isFocused(page.getByTestId('patient-first-name'))).toBe(true);
    await page.getByTestId('patient-first-name').fill('Grace');
    await page.getByTestId('patient-last-name').fill('Okafor');
    await page.getByTestId('patient-dob').fill('1984-07-02');
    await page.getByTestId('patient-external-id').fill('PM-1001');
    // Enter in the tag box adds a tag rather than submitting the form.
    await page.locator('#patient-tags').fill('family-plan');
    await page.locator('#patient-tags').press('Enter');
    await visible(page.getByTestId('patient-form').getByText('family-plan', { exact: true }));
    await page.getByTestId('contact-0-value').fill('555-0199');
    await page.getByTestId('contact-0-value').press('Enter');
    const phoneError = await visible(page.getByTestId('contact-0-error'));
    expect(await phoneError.textContent()).toBe('"555-0199" is too short for a number in the United States: include the area code. If it is from another country, add the country code, e.g. +44 7700 900123');
    expect(await page.getByTestId('contact-0-value').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '03-patient-invalid-phone');

    // Fix it as the user types: the error goes away, and Enter creates the patient.
    await page.getByTestId('contact-0-value').fill('(212) 555-0123');
    await page.getByTestId('contact-0-error').waitFor({ state: 'detached' });
    // The same number twice is only caught by main: its issue path (contactPoints.1.value) puts
    // the message under the second row.
    await page.getByTestId('add-phone').click();
    await page.getByTestId('contact-1-value').fill('+1 212 555 0123');
    await page.getByTestId('contact-1-value').press('Enter');
    const duplicate = await visible(page.getByTestId('contact-1-error'));
    expect(await duplicate.textContent()).toBe('+12125550123 is listed twice');
    expect(await page.getByTestId('contact-0-error').count()).toBe(0);
    await screenshot(page, '03b-patient-duplicate-phone');
    await page.getByTestId('contact-1-kind').selectOption('email');
    await page.getByTestId('contact-1-value').fill('Grace.Okafor@Example.com');
    await page.getByTestId('contact-1-error').waitFor({ state: 'detached' });
    await page.getByTestId('contact-1-value').press('Enter');

    await visible(page.getByTestId('patient-profile'));
    expect(await page.getByTestId('patient-name').textContent()).toBe('Grace Okafor');
    const contacts = page.getByTestId('contact-point');
    await expect
      .poll(() => contacts.allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('(212) 555-0123'), expect.stringContaining('grace.okafor@example.com')]));
    expect(await contacts.count()).toBe(2);
    expect(await page.getByTestId('patient-tags-view').textContent()).toBe('family-plan');
    await screenshot(page, '04-patient-profile');

    // The message history exports as a CSV download (empty so far, but with its header).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-messages').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    // Book an appointment from the profile, with its keyboard shortcut.
    await page.keyboard.press('b');
    await visible(page.getByTestId('appointment-form'));
    await expect.poll(() => isFocused(page.getByTestId('appointment-clinician'))).toBe(true);
    await page.getByTestId('appointment-clinician').fill('Dr. Rivera');
    await page.getByTestId('appointment-location').fill('Main office');
    await page.getByTestId('appointment-date').fill(DAY);
    await page.getByTestId('appointment-time').fill('09:30');
    await page.getByTestId('appointment-duration').selectOption('45');
    await screenshot(page, '05-appointment-form');
    await page.getByTestId('appointment-location').press('Enter');
    await page.getByTestId('appointment-form').waitFor({ state: 'detached' });
    const row = await visible(page.getByTestId('appointment-row'));
    expect(await row.textContent()).toContain('Dr. Rivera');
    // The clinic's locale (en-US by its default country) and zone: a 12-hour clock.
    expect(await row.textContent()).toMatch(/Mar 14, 2030, 9:30\sAM/);
    expect(await row.textContent()).toContain('45 min');
    await screenshot(page, '06-patient-with-appointment');

    // The day view shows it too.
    await page.getByTestId('nav-appointments').click();
    await visible(page.getByTestId('screen-appointments'));
    await page.getByTestId('day-date').fill(DAY);
    await visible(page.getByTestId('appointment-patient').filter({ hasText: 'Grace Okafor' }));
    expect(await page.getByTestId('day-title').textContent()).toBe('Thursday, March 14, 2030');
    expect(await page.getByTestId('appointment-row').first().locator('td').first().textContent()).toMatch(/^9:30\sAM$/);
    await screenshot(page, '07-appointments-day');

    // Book a second one straight from the day view: pick the patient, the day is already set.
    await page.getByTestId('day-book').click();
    await visible(page.getByTestId('patient-picker'));
    await page.getByTestId('patient-picker-search').fill('okafor');
    await visible(page.getByTestId('patient-picker').getByTestId('patient-result'));
    await page.getByTestId('patient-picker-search').press('Enter');
    await visible(page.getByTestId('appointment-form'));
    expect(await page.getByTestId('appointment-date').inputValue()).toBe(DAY);
    await page.getByTestId('appointment-clinician').fill('Dr. Chen');
    await page.getByTestId('appointment-time').fill('14:15');
    await page.getByTestId('appointment-time').press('Enter');
    await page.getByTestId('appointment-form').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('appointment-row').count()).toBe(2);
    expect(await page.getByTestId('appointment-row').nth(1).textContent()).toContain('Dr. Chen');
    await screenshot(page, '07b-appointments-day-booked');

    // Move the new one by editing its time, then cancel it (after confirming).
    const chen = page.getByTestId('appointment-row').filter({ hasText: 'Dr. Chen' });
    await chen.getByTestId('appointment-edit').click();
    await expect.poll(() => isFocused(page.getByTestId('appointment-clinician'))).toBe(true);
    await page.getByTestId('appointment-time').fill('15:45');
    await page.getByTestId('appointment-time').press('Enter');
    await page.getByTestId('appointment-form').waitFor({ state: 'detached' });
    await expect.poll(() => chen.textContent()).toMatch(/3:45\sPM/);
    expect(await chen.textContent()).not.toContain('15:45');
    await chen.getByTestId('appointment-cancel').click();
    await visible(page.getByTestId('cancel-appointment-alert'));
    expect(await page.getByTestId('cancel-appointment-alert').textContent()).toMatch(/on Mar 14, 2030, 3:45\sPM\?/);
    await page.getByRole('button', { name: 'Cancel appointment' }).click();
    await expect.poll(() => chen.getByTestId('appointment-status').textContent()).toBe('cancelled');
    expect(await chen.getByTestId('appointment-cancel').count()).toBe(0);
    await screenshot(page, '07c-appointments-day-cancelled');

    // Settings: the clinic profile and the staff accounts.
    await page.getByTestId('nav-settings').click();
    await visible(page.getByTestId('clinic-settings-form'));
    expect(await page.getByTestId('settings-time-zone').inputValue()).toBe('America/New_York');
    // Start at login is on by default; switching it off is saved for the desktop shell to apply.
    expect(await page.getByTestId('settings-start-at-login').isChecked()).toBe(true);
    await screenshot(page, '09-settings-clinic');
    await page.getByText('Start Frontdesk when someone signs in to this computer').click();
    expect(await page.getByTestId('settings-start-at-login').isChecked()).toBe(false);
    await page.getByTestId('settings-save').click();
    await visible(page.getByTestId('settings-saved'));
    expect(server?.core.services.clinic.get().startAtLogin).toBe(false);
    await page.getByRole('tab', { name: 'Staff accounts' }).click();
    await visible(page.getByTestId('staff-row').filter({ hasText: ADMIN.username }));
    await screenshot(page, '10-settings-staff');
    await page.getByRole('tab', { name: 'Reminder rules' }).click();
    await visible(page.getByTestId('reminder-rules'));
    await screenshot(page, '10b-settings-reminders');
    await page.getByRole('tab', { name: 'Providers' }).click();
    await visible(page.getByTestId('provider-settings'));
    await page.getByTestId('send-test-address').fill('+1 212 555 0123');
    await page.getByTestId('send-test-address').press('Enter');
    await visible(page.getByTestId('send-test-outcome'));
    await screenshot(page, '10c-settings-providers');
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await visible(page.getByTestId('audit-row').filter({ hasText: 'Create a patient with contact points' }).first());
    await screenshot(page, '10d-settings-audit');

    // Dark theme, kept in localStorage.
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.locator('body').getAttribute('class')).toContain('bp6-dark');
    expect(await page.evaluate('localStorage.getItem("frontdesk.theme")')).toBe('dark');
    await screenshot(page, '11-dark-theme');

    // Restart the core on the same data folder; the page must sign in again.
    await first.close();
    server = undefined;
    const second = await startServer();
    await page.goto(second.url);
    await visible(page.getByTestId('sign-in'));
    expect(await isFocused(page.getByTestId('sign-in-username'))).toBe(true);
    await page.getByTestId('sign-in-username').fill(ADMIN.username);
    await page.getByTestId('sign-in-password').fill(ADMIN.password);
    await screenshot(page, '12-sign-in-after-restart');
    await page.getByTestId('sign-in-password').press('Enter');

    await page.getByTestId('nav-patients').click();
    await visible(page.getByTestId('patient-search'));

    // Idle past the lock (10 minutes by default): main locks the session by itself and pushes
    // it, the overlay asks for the password and nothing of the app shows behind it.
    clock.offset += 11 * 60_000;
    await visible(page.getByTestId('lock-overlay'), 20_000);
    await expect.poll(() => isFocused(page.getByTestId('unlock-password'))).toBe(true);
    expect(await page.getByTestId('patient-search').isVisible()).toBe(false);
    await screenshot(page, '13-locked');
    // A reload does not clear the lock.
    await page.reload();
    await visible(page.getByTestId('lock-overlay'));
    await page.getByTestId('unlock-password').fill(ADMIN.password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('lock-overlay').waitFor({ state: 'detached' });
    await page.getByTestId('patient-search').fill('212 555 0123');

    const result = await visible(page.getByTestId('patient-result').filter({ hasText: 'Okafor, Grace' }));
    await screenshot(page, '14-search-after-restart');
    expect(await result.count()).toBe(1);
    // Keyboard only: ↓ from the search box to the result, ↑ back, ↓ again, Enter opens it.
    await page.getByTestId('patient-search').press('ArrowDown');
    await expect.poll(() => isFocused(result)).toBe(true);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => isFocused(page.getByTestId('patient-search'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('patient-profile'));
    await visible(page.getByTestId('appointment-row').filter({ hasText: 'Dr. Rivera' }));
    await visible(page.getByTestId('appointment-row').filter({ hasText: 'Dr. Chen' }));
    await screenshot(page, '15-profile-after-restart');

    // Archive: out of the default search, back with "include archived", then restored.
    await page.getByTestId('archive-patient').click();
    await visible(page.getByTestId('patient-archived'));
    expect(await page.getByTestId('new-appointment').isDisabled()).toBe(true);
    await page.getByTestId('back-to-patients').click();
    await page.getByTestId('patient-search').fill('okafor');
    await visible(page.getByText('No patient matches “okafor”'));
    await page.getByText('Include archived patients').click();
    await visible(page.getByTestId('patient-result').filter({ hasText: 'archived' })).then((row) => row.click());
    await page.getByTestId('archive-patient').click();
    await page.getByTestId('patient-archived').waitFor({ state: 'detached' });

    expect(pageErrors).toEqual([]);
  });

  it('lets the admin add a receptionist, who then sees settings read-only', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByRole('tab', { name: 'Staff accounts' }).click();
    await page.getByTestId('new-staff').click();
    await expect.poll(() => isFocused(page.getByTestId('staff-username'))).toBe(true);
    await page.getByTestId('staff-username').fill('rita');
    await page.getByTestId('staff-display-name').fill('Rita Reception');
    await page.getByTestId('staff-password').fill('front desk 123');
    await page.getByTestId('staff-password').press('Enter');
    await visible(page.getByTestId('staff-row').filter({ hasText: 'rita' }));
    await screenshot(page, '16-staff-added');

    await page.getByTestId('sign-out').click();
    await visible(page.getByTestId('sign-in'));
    await page.getByTestId('sign-in-username').fill('rita');
    await page.getByTestId('sign-in-password').fill('wrong password');
    await page.getByTestId('sign-in-password').press('Enter');
    const refused = await visible(page.getByTestId('error-callout'));
    expect(await refused.textContent()).toContain('That username and password do not match');
    await page.getByTestId('sign-in-password').fill('front desk 123');
    await page.getByTestId('sign-in-password').press('Enter');
    await visible(page.getByTestId('screen-patients'));
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Rita Reception');

    // The shortcuts overlay lists the current screen's keys.
    await page.getByTestId('show-shortcuts').click();
    await visible(page.getByText('Search patients', { exact: true }));
    expect(await page.getByText('Broadcasts', { exact: true }).count()).toBe(0);
    await screenshot(page, '16b-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByText('Search patients', { exact: true }).waitFor({ state: 'detached' });

    await page.getByTestId('nav-settings').click();
    await visible(page.getByTestId('settings-read-only'));
    expect(await page.getByTestId('settings-clinic-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('settings-save').count()).toBe(0);
    await page.getByRole('tab', { name: 'Staff accounts' }).click();
    await visible(page.getByText('Only administrators manage staff accounts'));
    await page.getByRole('tab', { name: 'Reminder rules' }).click();
    await visible(page.getByTestId('reminder-rule-row').first());
    expect(await page.getByTestId('new-reminder-rule').count()).toBe(0);
    await screenshot(page, '17-receptionist-settings');
    expect(pageErrors).toEqual([]);
  });

  it('shows every other screen without breaking the app', async () => {
    // Signed in (as the receptionist) from the tests above. Each screen in the side navigation is
    // opened; one that throws (or takes the page down) is recorded, and the page is reloaded for
    // the next one. Broadcasts are not in a receptionist's navigation.
    const broken: string[] = [];
    expect(await page.getByTestId('nav-broadcasts').count()).toBe(0);
    for (const screen of ['inbox', 'templates', 'dashboard'] as const) {
      const errorsBefore = pageErrors.length;
      await page.getByTestId(`nav-${screen}`).click();
      const shown = page.getByTestId(`screen-${screen}`).or(page.getByTestId('screen-error'));
      const appeared = await shown.first().waitFor({ state: 'visible', timeout: 10_000 }).then(
        () => true,
        (error: unknown) => {
          broken.push(`${screen}: not shown (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
          return false;
        },
      );
      await screenshot(page, `20-${screen}`);
      if (appeared && (await page.getByTestId('screen-error').count()) > 0) {
        broken.push(`${screen}: ${await page.getByTestId('screen-error').textContent()}`);
      }
      if (pageErrors.length > errorsBefore) broken.push(`${screen}: page error ${pageErrors.slice(errorsBefore).join(' | ')}`);
      if (broken.some((line) => line.startsWith(`${screen}:`))) {
        await page.reload();
        await visible(page.getByTestId('nav-patients'));
      }
    }
    expect(broken).toEqual([]);
  });
});
