/**
 * Consent in the browser through the dev transport with the sandbox provider: a patient texts
 * STOP on the training phone; the profile's consent editor shows SMS opted out by the SMS keyword,
 * the STOP notice, the history entry, and staff cannot switch SMS back on. A staff change to
 * email marketing is recorded with the receptionist's name, and preferences save.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONE = '+12125550188';

let patientId: number;

const app = useBrowserApp({
  name: 'consent',
  as: RECEPTIONIST,
  viewport: { width: 1360, height: 1400 },
  seed: async ({ call }) => {
    const patient = await call('patients.create', {
      firstName: 'Stella',
      lastName: 'Stopwell',
      contactPoints: [
        { kind: 'phone', value: PHONE, isPrimary: true },
        { kind: 'email', value: 'stella@example.com' },
      ],
    });
    patientId = patient.id;
  },
});

describe('consent and preferences', () => {
  it('STOP on the training phone shows as SMS opted out with the history entry; staff cannot switch it back on', async () => {
    await app.page.goto(`${app.server.url}#/patients/${patientId}`);
    const section = await visible(app.page.getByTestId('consent-section'));
    await visible(section.getByTestId('consent-history-empty'));
    await visible(app.page.getByTestId('patient-messages-empty'));
    const smsCell = section.getByTestId('consent-cell-sms-transactional');
    expect(await smsCell.getAttribute('data-state')).toBe('default');
    await screenshot(app.page, 'consent-01-default');

    // The patient texts STOP on the training phone (the sandbox, through the whole core).
    await app.call('sandbox.replyAsPatient', { channel: 'sms', address: PHONE, body: 'STOP' });

    // The section follows by itself (the inbound message's event), no reload.
    await expect.poll(() => smsCell.getAttribute('data-state')).toBe('opted_out');
    expect(await smsCell.getAttribute('data-source')).toBe('sms_keyword');
    expect(await smsCell.getByTestId('consent-state').textContent()).toContain('SMS keyword');
    const notice = await visible(section.getByTestId('suppression-notice'));
    // The American clinic's own format: "Dec 1, 5:35 PM", never a 24-hour "17:35".
    expect(await notice.textContent()).toMatch(/^SMS opted out by STOP on [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2}\s(AM|PM) — the patient can text START/);
    const historyRow = section.getByTestId('consent-history-row').first();
    await visible(historyRow);
    expect(await historyRow.getAttribute('data-source')).toBe('sms_keyword');
    expect(await historyRow.getByTestId('consent-history-how').textContent()).toBe('SMS keyword');
    expect(await historyRow.getByTestId('consent-history-who').textContent()).toBe('The patient');
    expect(await historyRow.textContent()).toContain('SMS reminders & transactional: opted out');
    expect(await historyRow.locator('td').first().textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s(AM|PM)$/);
    // Only the patient can undo a STOP: the SMS switches are off and disabled.
    const smsSwitch = section.getByTestId('consent-switch-sms-transactional');
    expect(await smsSwitch.isChecked()).toBe(false);
    expect(await smsSwitch.isDisabled()).toBe(true);
    await section.scrollIntoViewIfNeeded();
    await screenshot(app.page, 'consent-02-stop');

    // The profile's message history shows the patient's STOP (the inbox's own thread component).
    const messages = app.page.getByTestId('patient-messages');
    const stop = await visible(messages.getByTestId('thread-message').filter({ hasText: 'STOP' }));
    expect(await stop.getAttribute('data-direction')).toBe('inbound');
    await messages.scrollIntoViewIfNeeded();
    await screenshot(app.page, 'consent-02b-messages');
  });

  it('a staff opt-in to email marketing is recorded with the receptionist’s name; preferences save', async () => {
    const section = app.page.getByTestId('consent-section');
    const cell = section.getByTestId('consent-cell-email-marketing');
    expect(await cell.getAttribute('data-state')).toBe('default');
    await section.getByTestId('consent-note').fill('Asked at the desk');
    // Blueprint puts the test id on the switch's input; the visible control is its label.
    await section.getByTestId('consent-switch-email-marketing').locator('xpath=..').click();
    await expect.poll(() => cell.getAttribute('data-state')).toBe('opted_in');
    const newest = section.getByTestId('consent-history-row').first();
    await expect.poll(() => newest.getByTestId('consent-history-who').textContent()).toBe(RECEPTIONIST.displayName);
    expect(await newest.getByTestId('consent-history-how').textContent()).toBe('Staff');
    expect(await newest.textContent()).toContain('Asked at the desk');
    expect(await section.getByTestId('consent-note').inputValue()).toBe('');
    expect(await section.getByTestId('consent-history-row').count()).toBe(2);

    // Email first, Spanish, no quiet hours.
    await section.getByTestId('channel-up-email').click();
    await section.getByTestId('preferences-language').selectOption('es');
    await section.getByTestId('quiet-none').locator('xpath=..').click();
    await section.getByTestId('save-preferences').click();
    await expect
      .poll(async () => (await app.call('consent.get', { patientId })).preferences)
      .toEqual({ channelOrder: ['email', 'sms'], language: 'es', quietHoursOverride: { none: true } });
    await expect.poll(() => section.getByTestId('channel-order-item').first().getAttribute('data-channel')).toBe('email');
    await screenshot(app.page, 'consent-03-preferences');
    expect(app.pageErrors).toEqual([]);
  });

  it('staff confirm an appointment from its row in the profile (confirmed via staff)', async () => {
    await app.call('appointments.create', { patientId, clinician: 'Dr Ward', startsAt: Date.now() + 2 * 86_400_000 });
    const row = app.page.getByTestId('patient-appointments').getByTestId('appointment-row').first();
    await (await visible(row.getByTestId('appointment-confirm'))).click();
    await expect.poll(() => row.getByTestId('appointment-status').textContent()).toBe('confirmed');
    const [appointment] = await app.call('appointments.listForPatient', { patientId });
    expect(appointment?.confirmedVia).toBe('staff');
    await screenshot(app.page, 'consent-04-appointment-confirmed');
    // The same profile in the dark theme.
    await app.page.getByTestId('theme-toggle').click();
    await app.page.getByTestId('consent-section').scrollIntoViewIfNeeded();
    await screenshot(app.page, 'consent-05-dark');
    await app.page.getByTestId('theme-toggle').click();
    expect(app.pageErrors).toEqual([]);
  });
});
