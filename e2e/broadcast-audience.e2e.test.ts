/**
 * The audience builder and the result page in the browser: a manager picks "appointments
 * tomorrow" (clinician from the clinic's own list); the live recipient list names the patient who
 * opted out of SMS and, once the marketing template is chosen, the one who never opted in, each
 * with the rule in plain words; the confirmation shows the SMS as sent to a real patient with its
 * segments, encoding and "free (sandbox)"; the result lists every recipient with state and
 * reason (no exclusion reads as a provider refusal), charts deliveries over time and exports CSV.
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
const NY = 'America/New_York';

let workDir: string;
let rendererDir: string;
let server: DevServer;
let browser: Browser | undefined;
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  if (!browser) throw new Error('browser not started');
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Four patients booked tomorrow (one opted out of SMS, one without marketing consent), one booked next week. */
function seed(): void {
  const core = server.core;
  const zone = zoneWhereHourIs(13);
  const tomorrow = DateTime.now().setZone(NY).startOf('day').plus({ days: 1 });
  const people = [
    { first: 'Ada', last: 'Lovelace', at: tomorrow.plus({ hours: 9 }), clinician: 'Dr. Chen', consent: true },
    { first: 'Ben', last: 'Okafor', at: tomorrow.plus({ hours: 10 }), clinician: 'Dr. Chen', consent: false },
    { first: 'Cy', last: 'Young', at: tomorrow.plus({ hours: 11 }), clinician: 'Dr. Chen', consent: true, optOut: true },
    { first: 'Dee', last: 'Park', at: tomorrow.plus({ hours: 14 }), clinician: 'Dr. Rivera', consent: true },
    { first: 'Eve', last: 'Later', at: tomorrow.plus({ days: 6, hours: 9 }), clinician: 'Dr. Chen', consent: true },
  ];
  const consent = core.db.$client.prepare("insert into consent_events (patient_id, channel, purpose, status, source, note, created_at) values (?, 'sms', ?, ?, 'staff', 'at the desk', ?)");
  people.forEach((p, i) => {
    const patient = core.services.patients.create({
      firstName: p.first,
      lastName: p.last,
      language: 'en',
      timeZone: zone,
      tags: [],
      contactPoints: [{ kind: 'phone', value: `+1 212 555 ${String(2100 + i)}`, isPrimary: true }],
    });
    core.services.appointments.create({ patientId: patient.id, clinician: p.clinician, location: 'Main St', startsAt: p.at.toMillis() });
    if (p.consent) consent.run(patient.id, 'marketing', 'opted_in', Date.now());
    if (p.optOut) consent.run(patient.id, 'transactional', 'opted_out', Date.now());
  });
  const sqlite = core.db.$client;
  const now = Date.now();
  const t = sqlite
    .prepare("insert into templates (name, category, purpose, tags, fallback_language, created_at, updated_at) values ('Flu clinic', 'broadcast', 'marketing', '[]', 'en', ?, ?)")
    .run(now, now);
  const content = JSON.stringify({ en: { sms: { body: 'Hi {{ patient.firstName }}, flu shots are in at {{ clinic.name }}. Reply STOP to opt out.' } } });
  const v = sqlite.prepare('insert into template_versions (template_id, version, content, created_at) values (?, 1, ?, ?)').run(t.lastInsertRowid, content, now);
  sqlite.prepare('update templates set current_version_id = ? where id = ?').run(v.lastInsertRowid, t.lastInsertRowid);
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-audience-'));
  ({ browser, rendererDir } = await launchWithRenderer(workDir));
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
  await server.core.services.auth.create({ ...MANAGER, role: 'manager' });
  seed();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const rowOf = (page: Page, name: string) => page.getByTestId('recipient-row').filter({ hasText: name });
const resultRow = (page: Page, name: string) => page.getByTestId('result-row').filter({ hasText: name });

describe('audience builder and broadcast result in the browser', () => {
  it('appointments tomorrow: the list names the opted-out and the no-consent patient with their reasons; the result agrees and exports', async () => {
    const page = await newPage();
    await signInOnPage(page, server.url, MANAGER);
    await page.getByTestId('nav-broadcasts').click();
    await page.getByTestId('broadcast-new').click();
    await visible(page.getByTestId('broadcast-composer'));

    // Appointments tomorrow, any clinician: four patients; the clinician list is the clinic's own.
    await page.getByTestId('audience-appt-range').selectOption('tomorrow');
    await expect.poll(async () => page.getByTestId('audience-summary').textContent(), { timeout: 10_000 }).toContain('4 patients match the audience');
    expect(await page.getByTestId('audience-appt-clinician').locator('option').allTextContents()).toEqual(['any clinician', 'Dr. Chen', 'Dr. Rivera']);
    await expect.poll(async () => page.getByTestId('recipient-row').count()).toBe(4);
    expect(await rowOf(page, 'Cy Young').getByTestId('recipient-reason').textContent()).toBe('The patient opted out of this channel');
    // Search narrows the list.
    await page.getByTestId('recipient-search').fill('ok');
    await expect.poll(async () => page.getByTestId('recipient-row').allTextContents()).toEqual([expect.stringContaining('Ben Okafor')]);
    await page.getByTestId('recipient-search').fill('');
    await expect.poll(async () => page.getByTestId('recipient-row').count()).toBe(4);
    // Only Dr. Chen's tomorrow: Dee (Dr. Rivera) drops out; back to any clinician.
    await page.getByTestId('audience-appt-clinician').selectOption('Dr. Chen');
    await expect.poll(async () => page.getByTestId('recipient-row').count()).toBe(3);
    await page.getByTestId('audience-appt-clinician').selectOption('');
    await expect.poll(async () => page.getByTestId('recipient-row').count()).toBe(4);
    await page.getByTestId('audience-save-name').fill('Booked tomorrow');
    await page.getByTestId('audience-save').click();
    await expect.poll(async () => page.getByTestId('audience-saved').locator('option').allTextContents()).toContain('Booked tomorrow');
    await screenshot(page, 'broadcast-audience-tomorrow');

    // The marketing template: Ben never opted in, so he is excluded too, named with the rule.
    await page.getByTestId('audience-next').click();
    await page.getByTestId('broadcast-name').fill('Flu shots tomorrow');
    await page.getByTestId('broadcast-template').selectOption({ label: 'Flu clinic (broadcast, marketing)' });
    await expect.poll(async () => rowOf(page, 'Ben Okafor').getByTestId('recipient-reason').textContent()).toContain('explicit opt-in');
    expect(await rowOf(page, 'Cy Young').getByTestId('recipient-reason').textContent()).toBe('The patient opted out of this channel');
    expect(await rowOf(page, 'Ada Lovelace').textContent()).toContain('by SMS');
    await screenshot(page, 'broadcast-audience-marketing-list');

    // Confirmation: the SMS as Ada gets it, one GSM-7 segment, free on the sandbox; 2 by SMS, 2 excluded.
    await page.getByTestId('message-next').click();
    await visible(page.getByTestId('broadcast-confirm'));
    await expect.poll(async () => page.getByTestId('confirm-channel-sms').textContent()).toBe('2');
    expect(await page.getByTestId('confirm-excluded-count').textContent()).toBe('2');
    expect(await page.getByTestId('confirm-sample-sms').textContent()).toBe('Hi Ada, flu shots are in at My Clinic. Reply STOP to opt out.');
    expect(await page.getByTestId('confirm-segments-sms').textContent()).toBe('1 segment · GSM-7');
    expect(await page.getByTestId('confirm-cost-sms').textContent()).toBe('free (sandbox)');
    await screenshot(page, 'broadcast-confirm-preview');

    // Send; the result page lists every recipient with state and reason.
    await page.getByTestId('confirm-send').click();
    await visible(page.getByTestId('broadcast-results'));
    await expect.poll(async () => resultRow(page, 'Ada Lovelace').getAttribute('data-state'), { timeout: 30_000, interval: 250 }).toBe('delivered');
    await expect.poll(async () => resultRow(page, 'Dee Park').getAttribute('data-state'), { timeout: 30_000, interval: 250 }).toBe('delivered');
    expect(await resultRow(page, 'Ben Okafor').getAttribute('data-state')).toBe('excluded');
    expect(await resultRow(page, 'Ben Okafor').getByTestId('result-reason').textContent()).toContain('explicit opt-in');
    expect(await resultRow(page, 'Cy Young').getByTestId('result-reason').textContent()).toBe('The patient opted out of this channel');
    expect(await page.getByTestId('result-table').textContent()).not.toMatch(/provider refused/i);
    expect(await page.getByTestId('progress-excluded').textContent()).toBe('2');
    await visible(page.getByTestId('result-timeline'));
    await expect.poll(async () => page.getByTestId('result-timeline-summary').textContent()).toContain('Delivered: 2 by');
    expect(await page.locator('[data-testid="result-timeline"] .recharts-line').count()).toBe(3);
    await page.getByTestId('result-state').selectOption('excluded');
    await expect.poll(async () => page.getByTestId('result-row').count()).toBe(2);
    await page.getByTestId('result-state').selectOption('');
    await expect.poll(async () => page.getByTestId('result-row').count()).toBe(4);
    await screenshot(page, 'broadcast-result');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('result-export').click()]);
    expect(download.suggestedFilename()).toBe('Flu-shots-tomorrow-recipients.csv');
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFFPatient,Patient id,State,Channel')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('Ben Okafor'))).toContain('excluded');

    // The saved audience comes back in a new composer.
    await page.getByTestId('broadcasts-back').click();
    await page.getByTestId('broadcast-new').click();
    await page.getByTestId('audience-saved').selectOption({ label: 'Booked tomorrow' });
    await expect.poll(async () => page.getByTestId('audience-appt-range').inputValue()).toBe('tomorrow');
    await expect.poll(async () => page.getByTestId('audience-summary').textContent()).toContain('4 patients match the audience');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('the dashboard at 1280 px: the sandbox is free, no axis label is clipped, and the broadcast’s deliveries over time', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInOnPage(page, server.url, MANAGER);
    await page.getByTestId('nav-dashboard').click();
    await visible(page.getByTestId('dashboard-stats'));
    expect(await page.getByTestId('dashboard-stats').textContent()).toContain('free (sandbox)');
    await visible(page.getByTestId('chart-broadcast'));
    expect(await page.getByTestId('dashboard-broadcast-pick').inputValue()).not.toBe('');
    expect(await page.getByTestId('chart-broadcast-summary').textContent()).toContain('Delivered: 2 by');
    // Every axis label of every chart lies inside its chart.
    for (const chart of await page.locator('.fd-chart').all()) {
      const box = await chart.boundingBox();
      for (const tick of await chart.locator('.recharts-cartesian-axis-tick-value').all()) {
        const t = await tick.boundingBox();
        if (!box || !t) continue;
        expect(t.x).toBeGreaterThanOrEqual(box.x - 0.5);
        expect(t.x + t.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
      }
    }
    await screenshot(page, 'dashboard-1280');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
