/**
 * Import in the browser: a manager picks a CSV, checks the guessed column mapping (with the
 * day-first date order read from the rows), sees the dry-run report with each rejected row and
 * its reason, applies it, and finds the imported patients on the Patients screen. An appointments
 * file's check warns about bookings in the past (how many, which lines), lists every problem of a
 * bad row, and counts a row cancelled at source apart from "unchanged".
 *
 * The import screen lives in renderer/src/screens/import/; until the shell's navigation links it
 * (route `import`), this file is skipped — see the import engineer's report for the wiring.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { launchWithRenderer, screenshot, visible } from './browser';
import { signInOnPage } from './app-fixture';

const MANAGER = { username: 'mona', displayName: 'Mona Manager', password: 'manager password 1' };

// Day-first dates in a US clinic (month-first by default): the mapping step reads the order from the rows.
const CSV = [
  'Patient Number;Surname;Given Name;Birth Date;Mobile;E-mail',
  'E-1;Kowalski;Ewa;14.03.1961;(202) 555-0181;ewa@example.com',
  'E-2;Brennan;Aoife;25/12/1990;202 555 0182;',
  'E-3;Dubois;Léa;31/02/1990;202 555 0183;',
  'E-4;Haddad;Omar;01/07/2001;not a phone;',
].join('\r\n');

let workDir: string;
let rendererDir: string;
let server: DevServer;
let browser: Browser | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-import-'));
  ({ browser, rendererDir } = await launchWithRenderer(workDir));
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
  await server.core.services.auth.create({ ...MANAGER, role: 'manager' });
  fs.writeFileSync(path.join(workDir, 'patients.csv'), CSV, 'utf8');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('import in the browser', () => {
  it('maps the columns, shows the dry-run report with reasons, applies it and finds the patients', async () => {
    if (!browser) throw new Error('browser not started');
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInOnPage(page, server.url, MANAGER);
    await page.getByTestId('nav-import').click();
    await visible(page.getByTestId('screen-import'));

    await page.getByTestId('import-file').setInputFiles(path.join(workDir, 'patients.csv'));
    await page.getByTestId('import-source').fill('legacy-pms');
    await page.getByTestId('import-next').click();
    await visible(page.getByTestId('import-mapping'));
    expect(await page.getByTestId('import-detected').textContent()).toContain('semicolon');
    // The guesses, checked by the user; then day-first dates.
    expect(await page.getByTestId('map-Surname').inputValue()).toBe('patient.lastName');
    expect(await page.getByTestId('map-Given Name').inputValue()).toBe('patient.firstName');
    expect(await page.getByTestId('map-Patient Number').inputValue()).toBe('patient.externalId');
    // The clinic is in the US (month first by default), but 25/12/1990 in the first rows proves day first.
    expect(await page.getByTestId('import-date-order').inputValue()).toBe('DMY');
    await screenshot(page, 'import-mapping');
    await page.getByTestId('import-check').click();

    await visible(page.getByTestId('import-report'));
    expect(await page.getByTestId('count-patients-created').textContent()).toContain('2 new');
    expect(await page.getByTestId('count-rejected').textContent()).toContain('2 rejected');
    const rejections = page.getByTestId('import-rejections');
    await expect.poll(() => rejections.locator('tbody tr').count()).toBe(2);
    const text = (await rejections.textContent()) ?? '';
    expect(text).toContain('31/02/1990');
    expect(text).toContain('not a real date');
    expect(text).toContain('not a phone');
    await screenshot(page, 'import-report');
    // Nothing has been written yet.
    expect((await server.core.services.patients.search({ query: 'Kowalski' })).total).toBe(0);

    await page.getByTestId('import-apply').click();
    await visible(page.getByTestId('import-result'));
    await screenshot(page, 'import-result');

    await page.getByTestId('nav-patients').click();
    await page.getByTestId('patient-search').fill('Kowalski');
    await visible(page.getByText('Kowalski').first());
    const found = await server.core.services.patients.search({ query: 'E-1' });
    expect(found.items).toEqual([expect.objectContaining({ firstName: 'Ewa', lastName: 'Kowalski', dateOfBirth: '1961-03-14', primaryPhone: '+12025550181' })]);
    expect(pageErrors).toEqual([]);
  });

  it('an appointments check warns about past bookings, lists every problem of a row and counts cancelled-at-source rows apart', async () => {
    if (!browser) throw new Error('browser not started');
    const day = (offset: number) => DateTime.now().setZone('America/New_York').plus({ days: offset }).toFormat('MM/dd/yyyy');
    const rows = [
      'Appointment ID,Chart Number,Patient Name,Mobile,Email,Appt Date,Appt Time,Duration,Provider,Status',
      `A-1,C-1,"Garcia, Maria",202 555 0191,maria@example.com,${day(-270)},9:00 AM,30,Dr. Chen,Scheduled`,
      `A-2,C-2,"Okafor, Ben",202 555 0192,,${day(-269)},9:30 AM,30,Dr. Chen,Scheduled`,
      `A-3,C-3,"Novak, Ivana",202 555 0193,,${day(10)},10:00 AM,30,Dr. Patel,Scheduled`,
      `A-4,C-4,"Lee, Ann",not a phone,not an email,${day(11)},10:00 AM,30,Dr. Patel,Scheduled`,
      `A-5,C-3,"Novak, Ivana",202 555 0193,,${day(12)},11:00 AM,30,Dr. Patel,Cancelled`,
    ].join('\r\n');
    fs.writeFileSync(path.join(workDir, 'appointments.csv'), rows, 'utf8');
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInOnPage(page, server.url, MANAGER);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-file').setInputFiles(path.join(workDir, 'appointments.csv'));
    await page.getByTestId('import-source').fill('pms');
    await page.getByTestId('import-next').click();
    await visible(page.getByTestId('import-mapping'));
    await page.getByTestId('import-check').click();
    await visible(page.getByTestId('import-report'));
    expect(await page.getByTestId('import-warning-past_appointments').textContent()).toContain('2 appointments are in the past');
    expect(await page.getByTestId('import-warning-past_appointments').textContent()).toContain('Lines 2, 3');
    expect(await page.getByTestId('count-appointments-skipped').textContent()).toBe('1 cancelled at source');
    expect(await page.getByTestId('count-rejected').textContent()).toContain('1 rejected');
    const problems = page.getByTestId('import-rejections').locator('tbody tr');
    await expect.poll(() => problems.count()).toBe(2);
    const text = (await page.getByTestId('import-rejections').textContent()) ?? '';
    expect(text).toContain('not a phone');
    expect(text).toContain('not an email');
    await screenshot(page, 'import-appointments-warnings');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
