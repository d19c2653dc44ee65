/**
 * axe-core over every screen (and the inbox's panels and dialogs) in light and dark: no serious
 * or critical violations. And visible focus: every control reached with Tab shows an outline or
 * a focus ring.
 */
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

let patientId = 0;

const app = useBrowserApp({
  name: 'a11y',
  viewport: { width: 1440, height: 900 },
  // The admin sees every screen.
  seed: async ({ call }) => {
    const grace = await call('patients.create', {
      firstName: 'Grace',
      lastName: 'Okafor',
      dateOfBirth: '1988-04-12',
      timeZone: zoneWhereHourIs(13),
      contactPoints: [{ kind: 'phone', value: '+12125550123', isPrimary: true }, { kind: 'email', value: 'grace@example.com' }],
    });
    patientId = grace.id;
    await call('appointments.create', { patientId, clinician: 'Dr. Patel', startsAt: Date.now() + 48 * 3_600_000 });
    await call('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550123', body: 'Hello, is parking free?' });
  },
});

interface Finding {
  where: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

async function audit(where: string): Promise<Finding[]> {
  // A dialog fading in is half transparent, and axe would measure that contrast: let every
  // running CSS transition and animation finish first.
  await app.page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
  const result = await new AxeBuilder({ page: app.page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ where, id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/** Changes screen the way the side navigation does (no reload). */
const go = (hash: string) => app.page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);

const SCREENS = ['inbox', 'patients', 'appointments', 'templates', 'broadcasts', 'dashboard', 'settings', 'import'] as const;

describe('accessibility', () => {
  it('every screen, panel and dialog passes axe with no serious or critical violations, light and dark', async () => {
    const findings: Finding[] = [];
    await app.page.goto(`${app.server.url}#/inbox`);
    await visible(app.page.getByTestId('screen-inbox'));
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await app.page.getByTestId('theme-toggle').click();
      for (const screen of SCREENS) {
        await go(`#/${screen}`);
        await visible(app.page.getByTestId(`screen-${screen}`));
        findings.push(...(await audit(`${screen} (${theme})`)));
      }
      await go(`#/patients/${patientId}`);
      await visible(app.page.getByTestId('patient-details'));
      findings.push(...(await audit(`patient profile (${theme})`)));

      // The inbox with a conversation open, its context panel, the quick replies, the phone.
      await go('#/inbox');
      await app.page.getByTestId('conversation-row').first().click();
      await visible(app.page.getByTestId('context-panel').getByTestId('context-patient'));
      findings.push(...(await audit(`inbox thread and context panel (${theme})`)));
      await app.page.keyboard.press('q');
      await visible(app.page.getByTestId('quick-item').first());
      findings.push(...(await audit(`quick replies (${theme})`)));
      await app.page.keyboard.press('Escape');
      await app.page.getByTestId('open-phone').click();
      await visible(app.page.getByTestId('phone-received').or(app.page.getByTestId('phone-sent')).first());
      findings.push(...(await audit(`training phone (${theme})`)));
      await app.page.keyboard.press('Escape');
      await app.page.keyboard.press('Shift+?');
      await visible(app.page.locator('.bp6-hotkey-dialog'));
      findings.push(...(await audit(`shortcuts (${theme})`)));
      await app.page.keyboard.press('Escape');
    }
    expect(findings).toEqual([]);
  }, 240_000);

  it('shows where the keyboard is on every control reached with Tab', async () => {
    await app.page.goto(`${app.server.url}#/inbox`);
    await app.page.getByTestId('conversation-row').first().click();
    await visible(app.page.getByTestId('context-panel'));
    const unmarked: string[] = [];
    for (let i = 0; i < 40; i++) {
      await app.page.keyboard.press('Tab');
      const focus = await app.page.evaluate(`(() => {
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
