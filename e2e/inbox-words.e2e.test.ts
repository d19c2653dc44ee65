/**
 * Human words and the training phone, in the browser: phone errors that name the problem (add
 * the country code), the clinic phone checked like a patient's, message origins in words, dates
 * in the clinic's locale, a readable audit entry, a searchable time-zone field, navigation labels
 * that fit; and a training phone that texts as a new number or any patient, with names and the
 * whole history in order, beside the inbox.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const GRACE = '+12125550123';
const STRANGER = '+1 312 555 0199';

const app = useBrowserApp({
  name: 'words',
  viewport: { width: 1440, height: 900 },
  seed: async ({ call }) => {
    const grace = await call('patients.create', {
      firstName: 'Grace',
      lastName: 'Okafor',
      dateOfBirth: '1988-04-12',
      timeZone: zoneWhereHourIs(13),
      contactPoints: [{ kind: 'phone', value: GRACE, isPrimary: true }],
    });
    // An appointment booked by staff sends its "booked" notice: an outbound message of another origin.
    await call('appointments.create', { patientId: grace.id, clinician: 'Dr. Patel', startsAt: Date.now() + 72 * 3_600_000 });
  },
});

describe('words staff read', () => {
  it('a number from abroad is told to add the country code; the clinic phone is checked too', async () => {
    await app.page.goto(`${app.server.url}#/patients`);
    await visible(app.page.getByTestId('patient-search'));
    await app.page.keyboard.press('n');
    await app.page.getByTestId('patient-first-name').fill('Ivy');
    await app.page.getByTestId('patient-last-name').fill('Hughes');
    await app.page.getByTestId('contact-0-value').fill('07700 900123');
    await app.page.getByTestId('contact-0-value').press('Enter');
    const error = await visible(app.page.getByTestId('contact-0-error'));
    expect(await error.textContent()).toContain('add the country code, e.g. +44 7700 900123');
    await app.page.getByTestId('contact-0-value').fill('+44 7700 900123');
    await app.page.getByTestId('contact-0-value').press('Enter');
    await expect.poll(() => app.page.getByTestId('contact-0-error').textContent()).toBe('"+44 7700 900123" is not a number in use in the United Kingdom (+44): check the digits after +44');
    await screenshot(app.page, 'words-phone-abroad');
    await app.page.keyboard.press('Escape');

    await app.page.keyboard.press('Alt+7');
    await visible(app.page.getByTestId('clinic-settings-form'));
    await app.page.getByTestId('settings-clinic-phone').fill('12345');
    await app.page.getByTestId('settings-save').click();
    expect(await (await visible(app.page.getByTestId('settings-clinic-phone-error'))).textContent()).toContain('too short for a number in the United States');
    // The time zone is searchable: the field offers every zone.
    const zones = await app.page.evaluate(`document.querySelector('[data-testid="settings-time-zone"]').list.options.length`);
    expect(zones).toBeGreaterThan(300);
    await app.page.getByTestId('settings-clinic-phone').fill('(212) 555-0100');
    await app.page.getByTestId('settings-save').click();
    await visible(app.page.getByTestId('settings-saved'));
    expect(await app.page.getByTestId('settings-clinic-phone').inputValue()).toMatch(/^\+12125550100$|^\(212\) 555-0100$/);
    expect(app.pageErrors).toEqual([]);
  });

  it('the audit log reads as sentences; birth dates and message origins are in words; nav labels fit', async () => {
    await app.page.getByTestId('tab-audit').click();
    const rows = await visible(app.page.getByTestId('audit-row').first());
    await expect.poll(() => app.page.getByTestId('audit-table').textContent()).toContain('Book an appointment');
    expect(await app.page.getByTestId('audit-table').textContent()).not.toContain('{"');
    expect(await rows.locator('td').first().textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$/);
    await screenshot(app.page, 'words-audit-log');

    await app.page.keyboard.press('Alt+2');
    await expect.poll(() => app.page.getByTestId('screen-patients').textContent()).toContain('Apr 12, 1988');

    await app.page.keyboard.press('Alt+1');
    // Appointment notices appear in the thread without opening the conversation: look at all.
    await app.page.getByTestId('filter-status').selectOption('all');
    await app.page.getByTestId('conversation-row').first().click();
    const origin = await visible(app.page.getByTestId('message-origin').first());
    expect(await origin.textContent()).toBe('· Appointment notice');

    for (const nav of await app.page.locator('.fd-sidenav .bp6-menu-item .bp6-text-overflow-ellipsis').all()) {
      expect(await nav.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    }
    expect(app.pageErrors).toEqual([]);
  });
});

describe('pickers', () => {
  it('the template preview’s patient picker takes ↓/↑ and Enter', async () => {
    await app.page.keyboard.press('Alt+4');
    await app.page.getByTestId('template-category-quick_reply').getByTestId('template-item').first().click();
    await app.page.getByTestId('preview-patient-search').fill('Oka');
    await visible(app.page.getByTestId('preview-patient-result').first());
    await app.page.getByTestId('preview-patient-search').press('ArrowDown');
    await app.page.getByTestId('preview-patient-search').press('ArrowUp');
    await app.page.getByTestId('preview-patient-search').press('Enter');
    expect(await (await visible(app.page.getByTestId('preview-patient-name'))).textContent()).toBe('Grace Okafor');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('the training phone', () => {
  it('texts as a brand-new number, then as a patient chosen by name, each history in order, beside the inbox', async () => {
    await app.page.keyboard.press('Alt+1');
    // Only appointment notices so far: they leave their conversations resolved, so look at all.
    await app.page.getByTestId('filter-status').selectOption('all');
    await app.page.keyboard.press('Escape');
    await app.page.keyboard.press('t');
    const phone = await visible(app.page.getByTestId('training-phone'));
    // The inbox stays visible and usable beside it.
    expect(await app.page.getByTestId('screen-inbox').isVisible()).toBe(true);
    const box = await phone.boundingBox();
    const list = await app.page.getByTestId('conversation-list').boundingBox();
    expect(box && list && box.x >= list.x + list.width).toBe(true);

    await app.page.getByTestId('phone-address').fill(STRANGER);
    await expect.poll(() => app.page.getByTestId('phone-who').textContent()).toContain('Not a patient yet');
    await app.page.getByTestId('phone-reply').fill('Hi, do you take new patients?');
    await app.page.getByTestId('phone-reply').press('Control+Enter');
    await visible(phone.getByTestId('phone-sent').filter({ hasText: 'do you take new patients' }));
    await visible(app.page.getByTestId('conversation-row').filter({ hasText: '+13125550199' }));

    // Now be Grace: her name shows; the clinic's notice and her reply, then the clinic's answer, in order.
    const options = (await app.page.evaluate(`Array.from(document.querySelector('[data-testid="phone-address"]').list.options).map((o) => o.label)`)) as string[];
    expect(options.some((o) => o.startsWith('Grace Okafor'))).toBe(true);
    await app.page.getByTestId('phone-address').fill(GRACE);
    await expect.poll(() => app.page.getByTestId('phone-who').textContent()).toContain('Grace Okafor');
    await app.page.getByTestId('phone-reply').fill('Can I bring my son too?');
    await app.page.getByTestId('phone-reply').press('Control+Enter');
    await visible(phone.getByTestId('phone-sent').filter({ hasText: 'bring my son' }));
    await app.call('messages.send', { to: { address: GRACE, channel: 'sms' }, channel: 'sms', body: 'Of course, see you then.' });
    await visible(phone.getByTestId('phone-received').filter({ hasText: 'see you then' }));
    const order = await phone.locator('[data-testid="phone-received"], [data-testid="phone-sent"]').allTextContents();
    const notice = order.findIndex((t) => t.includes('Dr. Patel'));
    const mine = order.findIndex((t) => t.includes('bring my son'));
    const answer = order.findIndex((t) => t.includes('see you then'));
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(notice < mine && mine < answer).toBe(true);
    await screenshot(app.page, 'training-phone-beside-inbox');

    // Closed and opened again: the whole history is still there, in the same order.
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('training-phone').waitFor({ state: 'detached' });
    await app.page.keyboard.press('t');
    await app.page.getByTestId('phone-address').fill(GRACE);
    await expect.poll(() => app.page.getByTestId('training-phone').locator('[data-testid="phone-received"], [data-testid="phone-sent"]').allTextContents()).toEqual(order);
    expect(app.pageErrors).toEqual([]);
  });
});
