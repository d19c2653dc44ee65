/**
 * axe-core over every screen (and the inbox's panels and dialogs) in light and dark: no serious
 * or critical violations. And visible focus: every control reached with Tab shows an outline or
 * a focus ring.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { launchWithRenderer, visible } from './browser';
import { invoke, pinSession, setUpAccounts, zoneWhereHourIs } from './harness';

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let sessionId: string;
let patientId = 0;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-a11y-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: launched.rendererDir, logger: memoryLogger() });
  // The admin sees every screen.
  ({ sessionId } = await setUpAccounts(server));
  const grace = await invoke(server, sessionId, 'patients.create', {
    firstName: 'Grace',
    lastName: 'Okafor',
    dateOfBirth: '1988-04-12',
    timeZone: zoneWhereHourIs(13),
    contactPoints: [{ kind: 'phone', value: '+12125550123', isPrimary: true }, { kind: 'email', value: 'grace@example.com' }],
  });
  patientId = grace.id;
  await invoke(server, sessionId, 'appointments.create', { patientId, clinician: 'Dr. Patel', startsAt: Date.now() + 48 * 3_600_000 });
  await invoke(server, sessionId, 'sandbox.replyAsPatient', { channel: 'sms', address: '+12125550123', body: 'Hello, is parking free?' });
  // axe's runner needs a page opened from a context of its own.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await pinSession(page, sessionId);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

interface Finding {
  where: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

async function audit(where: string): Promise<Finding[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ where, id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/** Changes screen the way the side navigation does (no reload). */
const go = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);

const SCREENS = ['inbox', 'patients', 'appointments', 'templates', 'broadcasts', 'dashboard', 'settings', 'import'] as const;

describe('accessibility', () => {
  it('every screen, panel and dialog passes axe with no serious or critical violations, light and dark', async () => {
    const findings: Finding[] = [];
    await page.goto(`${server.url}#/inbox`);
    await visible(page.getByTestId('screen-inbox'));
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByTestId('theme-toggle').click();
      for (const screen of SCREENS) {
        await go(`#/${screen}`);
        await visible(page.getByTestId(`screen-${screen}`));
        findings.push(...(await audit(`${screen} (${theme})`)));
      }
      await go(`#/patients/${patientId}`);
      await visible(page.getByTestId('patient-details'));
      findings.push(...(await audit(`patient profile (${theme})`)));

      // The inbox with a conversation open, its context panel, the quick replies, the phone.
      await go('#/inbox');
      await page.getByTestId('conversation-row').first().click();
      await visible(page.getByTestId('context-panel').getByTestId('context-patient'));
      findings.push(...(await audit(`inbox thread and context panel (${theme})`)));
      await page.keyboard.press('q');
      await visible(page.getByTestId('quick-item').first());
      findings.push(...(await audit(`quick replies (${theme})`)));
      await page.keyboard.press('Escape');
      await page.getByTestId('open-phone').click();
      await visible(page.getByTestId('phone-received').or(page.getByTestId('phone-sent')).first());
      findings.push(...(await audit(`training phone (${theme})`)));
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+?');
      await visible(page.locator('.bp6-hotkey-dialog'));
      findings.push(...(await audit(`shortcuts (${theme})`)));
      await page.keyboard.press('Escape');
    }
    expect(findings).toEqual([]);
  }, 240_000);

  it('shows where the keyboard is on every control reached with Tab', async () => {
    await page.goto(`${server.url}#/inbox`);
    await page.getByTestId('conversation-row').first().click();
    await visible(page.getByTestId('context-panel'));
    const unmarked: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
        return { ring, what: el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30) };
      })()`);
      const f = focus as { ring: boolean; what: string } | null;
      if (f && !f.ring && !unmarked.includes(f.what)) unmarked.push(f.what);
    }
    expect(unmarked).toEqual([]);
  });
});
