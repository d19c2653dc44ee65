/**
 * Templates in the browser: a template with an unknown variable cannot be saved and the field
 * says why; fixed, it saves and previews with a real patient's data and appointment; a second
 * version with a sensitive field shows the warning; the first version is restored in one click
 * and the diff shows what changed.
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

const MANAGER = { username: 'mona', displayName: 'Mona Manager', password: 'manager password 1' };
const TYPO_BODY = 'Hi {{ patient.firstNme }}, see you on {{ appointment.date }} at {{ appointment.time }} with {{ appointment.clinician }}.';
const V1_BODY = 'Hi {{ patient.firstName }}, see you on {{ appointment.date }} at {{ appointment.time }} with {{ appointment.clinician }}.';
const V2_BODY = 'Hi {{ patient.firstName }}, your {{ appointment.reason }} visit is on {{ appointment.date }}.';

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
let appointmentStart: number;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-templates-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  const rendererDir = launched.rendererDir;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
  await server.core.services.auth.create({ ...MANAGER, role: 'manager' });
  const patient = server.core.services.patients.create({
    firstName: 'Grace',
    lastName: 'Okafor',
    dateOfBirth: '1984-07-02',
    timeZone: 'America/New_York',
    contactPoints: [{ kind: 'phone', value: '+1 212 555 0123', isPrimary: true }],
  });
  appointmentStart = DateTime.fromISO('2031-03-14T09:30', { zone: 'America/New_York' }).toMillis();
  server.core.services.appointments.create({ patientId: patient.id, clinician: 'Dr. Rivera', location: 'Main office', reason: 'Knee pain', startsAt: appointmentStart, durationMinutes: 30 });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

async function smsBody(): Promise<string> {
  return page.getByTestId('tpl-sms-body').inputValue();
}

describe('templates in the browser', () => {
  it('refuses an unknown variable, previews the fixed template for a real patient, and restores an older version', async () => {
    await signInOnPage(page, server.url, MANAGER);

    await page.getByTestId('nav-templates').click();
    await visible(page.getByTestId('screen-templates'));
    // A new clinic starts with the starter quick replies only.
    await visible(page.getByTestId('template-category-quick_reply').getByTestId('template-item').first());
    await screenshot(page, 'templates-starter');

    // A new template with a typo in a variable: saving is refused, and the SMS field says why.
    await page.getByTestId('template-new').click();
    await visible(page.getByTestId('template-editor'));
    await page.getByTestId('tpl-name').fill('Appointment reminder');
    await page.getByTestId('tpl-category').selectOption('reminder');
    await page.getByTestId('tpl-sms-body').fill(TYPO_BODY);
    await page.getByTestId('template-save').click();
    const fieldError = await visible(page.getByTestId('tpl-sms-body-error'));
    expect(await fieldError.textContent()).toContain('Unknown variable "patient.firstNme"');
    expect(await fieldError.textContent()).toContain('did you mean "patient.firstName"');
    await visible(page.getByTestId('template-save-error'));
    expect(await page.getByTestId('template-category-reminder').count()).toBe(0);
    await screenshot(page, 'templates-unknown-variable');

    // Fixed: it saves as version 1 and appears in the list under its category.
    await page.getByTestId('tpl-sms-body').fill(V1_BODY);
    await page.getByTestId('tpl-sms-body-error').waitFor({ state: 'detached' });
    await page.getByTestId('template-save').click();
    expect(await (await visible(page.getByTestId('template-saved'))).textContent()).toContain('version 1');
    await visible(page.getByTestId('template-category-reminder').getByTestId('template-item'));
    const counter = page.getByTestId('sms-counter-source');
    expect(await counter.getAttribute('data-encoding')).toBe('GSM-7');

    // Preview for Grace and her appointment: her name, the date and time in her zone, the clinician.
    await page.getByTestId('preview-patient-search').fill('Okafor');
    await page.getByTestId('preview-patient-result').first().click();
    await visible(page.getByTestId('preview-patient-name'));
    const appointmentOption = await page.getByTestId('preview-appointment').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('preview-appointment').selectOption(appointmentOption ?? '');
    const when = DateTime.fromMillis(appointmentStart, { zone: 'America/New_York' });
    await expect
      .poll(async () => (await page.getByTestId('preview-sms-body').textContent()) ?? '', { timeout: 10_000 })
      .toContain(`Hi Grace, see you on ${when.toFormat('cccc, LLLL d')}`);
    const previewText = (await page.getByTestId('preview-sms-body').textContent()) ?? '';
    expect(previewText).toContain('9:30');
    expect(previewText).toContain('with Dr. Rivera.');
    expect(await page.getByTestId('sms-counter-preview').getAttribute('data-segments')).toBe('1');
    await screenshot(page, 'templates-preview');

    // The email tab: subject and body, previewed in the branded layout with Grace's data.
    await page.getByTestId('channel-tab-email').click();
    await page.getByTestId('tpl-email-subject').fill('Your visit on {{ appointment.date }}');
    await page.getByTestId('tpl-email-body').fill('Dear {{ patient.firstName }},\n\nSee you soon at {{ clinic.name }}.');
    await expect.poll(async () => (await page.getByTestId('preview-email-subject').textContent()) ?? '').toBe(`Your visit on ${when.toFormat('cccc, LLLL d')}`);
    const frame = page.frameLocator('[data-testid="preview-email-html"]');
    await expect.poll(async () => (await frame.locator('body').textContent()) ?? '').toContain('Dear Grace,');
    await screenshot(page, 'templates-email-preview');
    await page.getByTestId('channel-tab-sms').click();

    // Version 2 uses the appointment reason on SMS: the sensitive-field warning shows, saving is allowed.
    await page.getByTestId('tpl-sms-body').fill(V2_BODY);
    await visible(page.getByTestId('sensitive-warning'));
    expect(await page.getByTestId('sensitive-warning').textContent()).toContain('appointment.reason');
    await page.getByTestId('template-save').click();
    expect(await (await visible(page.getByTestId('template-saved'))).textContent()).toContain('version 2');
    await expect.poll(async () => (await page.getByTestId('preview-sms-body').textContent()) ?? '').toContain('your Knee pain visit');
    await screenshot(page, 'templates-sensitive-warning');

    // History: the diff between v1 and v2, then restore v1 in one click (saved as v3).
    await page.getByTestId('template-tab-history').click();
    await visible(page.getByTestId('version-history'));
    await page.getByTestId('compare-1').click();
    const diff = await visible(page.getByTestId('version-diff'));
    expect(await diff.locator('[data-diff="removed"]').allTextContents()).toEqual([`− ${V1_BODY}`]);
    expect(await diff.locator('[data-diff="added"]').allTextContents()).toEqual([
      `+ ${V2_BODY}`,
      '+ ── en · Email · subject',
      '+ Your visit on {{ appointment.date }}',
      '+ ── en · Email · body',
      '+ Dear {{ patient.firstName }},',
      '+ ',
      '+ See you soon at {{ clinic.name }}.',
    ]);
    await screenshot(page, 'templates-history-diff');
    await page.getByTestId('restore-1').click();
    await visible(page.getByTestId('version-3').getByTestId('version-current'));
    expect(await page.getByTestId('version-3').textContent()).toContain('restored from v1');
    await screenshot(page, 'templates-restored');

    await page.getByTestId('template-tab-edit').click();
    await expect.poll(smsBody).toBe(V1_BODY);
    expect(await page.getByTestId('template-saved').textContent()).toBe('Restored version 1 as version 3');
    expect(await page.getByTestId('template-category-reminder').getByTestId('template-item').textContent()).toContain('v3');

    // Dark theme renders the editor too.
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'templates-editor-dark');
    await page.getByTestId('theme-toggle').click();

    expect(pageErrors).toEqual([]);
  });
});
