/**
 * The appointments week view in the browser: a receptionist switches to the week (w), sees each
 * appointment with its confirmation and reminder state (the reminder sent, the patient's reply,
 * the next one due), warnings for a clinician booked twice at once and for an open booking in the
 * past, filters to one clinician, moves by week with the arrow keys, opens an appointment from
 * the keyboard (its edit dialog warns, never refuses), and finds the keys under `?`.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatCalendarRange } from '../shared/datetime';
import { screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const NY = 'America/New_York';

/** Ada's reminded appointment (about 20 hours from now) and Cy's open one an hour ago. */
let adaAt: DateTime;
let cyAt: DateTime;

const weekOf = (d: DateTime) => d.setZone(NY).minus({ days: d.setZone(NY).weekday - 1 }).toISODate() ?? '';

const app = useBrowserApp({
  name: 'week',
  as: RECEPTIONIST,
  viewport: { width: 1440, height: 900 },
  seed: async ({ server, call, callAsAdmin }) => {
    // These bookings are made minutes before their reminder is due; the booked notice carries the
    // details, so by default that reminder would be skipped (no-stacking.test.ts covers the skip).
    await callAsAdmin('scheduler.updateSettings', { noticeSkipHours: 0 });
    const zone = zoneWhereHourIs(13);
    const make = (firstName: string, phone: string) =>
      call('patients.create', { firstName, lastName: 'Week', timeZone: zone, contactPoints: [{ kind: 'phone', value: phone, isPrimary: true }] });
    const ada = await make('Ada', '+1 212 555 3101');
    const ben = await make('Ben', '+1 212 555 3102');
    const cy = await make('Cy', '+1 212 555 3103');
    const quarter = (d: DateTime) => d.set({ minute: Math.floor(d.minute / 15) * 15, second: 0, millisecond: 0 });
    adaAt = quarter(DateTime.now().setZone(NY).plus({ hours: 20 }));
    cyAt = quarter(DateTime.now().setZone(NY).minus({ hours: 1 }));
    await call('appointments.create', { patientId: ada.id, clinician: 'Dr. Chen', location: 'Main St', startsAt: adaAt.toMillis(), durationMinutes: 30 });
    await call('appointments.create', { patientId: ben.id, clinician: 'Dr. Chen', location: 'Main St', startsAt: adaAt.plus({ minutes: 15 }).toMillis(), durationMinutes: 30 });
    await call('appointments.create', { patientId: cy.id, clinician: 'Dr. Rivera', location: 'Harbor', startsAt: cyAt.toMillis(), durationMinutes: 30 });
    // The 24-hour SMS reminder goes out for Ada (the scheduler plans it after the booking); she answers.
    await server.core.services.scheduler.runner.runNow('reminders.plan');
    await server.core.services.engine.runOnce();
    server.core.services.engine.receiveInbound({ channel: 'sms', address: '+12125553101', body: 'Is there parking?', providerMessageId: 'SM-week-1' });
  },
});

/** Chromium and Node write the spaces around AM/PM and range dashes differently (narrow, thin, plain). */
const spaced = (text: string | null) => text?.replace(/\s/g, ' ') ?? null;
const card = (name: string) => app.page.getByTestId('week-appointment').filter({ hasText: name });

describe('appointments week view', () => {
  it('shows confirmation, reminder state and warnings per appointment, per clinician, by keyboard', async () => {
    await app.page.goto(`${app.server.url}#/appointments/${adaAt.toISODate() ?? ''}`);
    await visible(app.page.getByTestId('screen-appointments'));
    await app.page.keyboard.press('w');
    await visible(app.page.getByTestId('appointments-week'));
    // The clinic is American (the default country US): its week, days and times read the American way.
    const monday = weekOf(adaAt);
    const sunday = DateTime.fromISO(monday).plus({ days: 6 }).toISODate() ?? '';
    expect(spaced(await app.page.getByTestId('day-title').textContent())).toBe(spaced(`Week of ${formatCalendarRange(monday, sunday, 'en-US')}`));
    expect(await app.page.getByTestId('day-title').textContent()).toMatch(/^Week of [A-Z][a-z]{2} \d{1,2}\s–\s/);
    expect(await app.page.getByTestId('week-day').count()).toBe(7);

    // Ada: not confirmed yet, reminded by SMS (delivered through the sandbox), her reply, the next rule due.
    await expect.poll(async () => card('Ada Week').getByTestId('week-reminder').textContent(), { timeout: 20_000 }).toMatch(/Reminded .* by sms: (sent|delivered)/);
    const ada = card('Ada Week');
    // 12-hour clock, in the clinic's zone: "10:30 AM" on the card, "Reminded Tue 4:04 PM by sms" below it.
    const adaTime = adaAt.setZone(NY).toFormat('h:mm a');
    expect(spaced(await ada.locator('.fd-week-card-head strong').textContent())).toBe(adaTime);
    expect(await ada.getByTestId('week-reminder').textContent()).toMatch(/Reminded (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2}:\d{2}\s(AM|PM) by sms/);
    expect(await ada.getByTestId('week-reminder').textContent()).not.toMatch(/\b\d{2}:\d{2}\b(?!\s(AM|PM))/);
    expect(await ada.getByTestId('week-confirmation').textContent()).toBe('Not confirmed yet');
    expect(await ada.getByTestId('week-reminder').textContent()).toContain('Replied');
    expect(await ada.getByTestId('week-reminder').textContent()).toContain('“Is there parking?”');
    expect(await ada.getByTestId('week-reminder').textContent()).toContain('Next: SMS 2 hours before if unconfirmed');
    // Ada and Ben overlap with Dr. Chen: a warning on both, not a refusal.
    await visible(ada.getByTestId('week-warning-overlap'));
    await visible(card('Ben Week').getByTestId('week-warning-overlap'));
    await screenshot(app.page, 'appointments-week');
    await app.page.getByTestId('theme-toggle').click();
    await screenshot(app.page, 'appointments-week-dark');
    await app.page.getByTestId('theme-toggle').click();

    // Cy's booking an hour ago is still open: warned as in the past (in its own week).
    if (weekOf(cyAt) !== weekOf(adaAt)) await app.page.goto(`${app.server.url}#/appointments/${cyAt.toISODate() ?? ''}`);
    await visible(card('Cy Week').getByTestId('week-warning-past'));
    if (weekOf(cyAt) !== weekOf(adaAt)) await app.page.goto(`${app.server.url}#/appointments/${adaAt.toISODate() ?? ''}`);

    // One clinician: Dr. Rivera's week has no Ada or Ben.
    await app.page.getByTestId('appointments-clinician').selectOption('Dr. Chen');
    await expect.poll(async () => app.page.getByTestId('week-appointment').count()).toBe(2);
    await app.page.getByTestId('appointments-clinician').selectOption('');

    // Keyboard: → next week, ← back; the card opens with Enter and the dialog warns about the overlap.
    await app.page.locator('body').click({ position: { x: 5, y: 890 } });
    const before = await app.page.getByTestId('day-title').textContent();
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(async () => app.page.getByTestId('day-title').textContent()).not.toBe(before);
    await app.page.keyboard.press('ArrowLeft');
    await expect.poll(async () => app.page.getByTestId('day-title').textContent()).toBe(before);
    // j walks the appointments in reading order; Enter opens the focused one.
    const order = await app.page.getByTestId('week-appointment').allTextContents();
    const ben = order.findIndex((t) => t.includes('Ben Week'));
    for (let i = 0; i <= ben; i++) await app.page.keyboard.press('j');
    expect(await card('Ben Week').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await app.page.keyboard.press('Enter');
    await visible(app.page.getByTestId('appointment-form'));
    await expect.poll(async () => app.page.getByTestId('appointment-warning-overlap').textContent()).toContain('Dr. Chen is also booked then: Ada Week');
    await screenshot(app.page, 'appointments-week-edit-warning');
    await app.page.getByTestId('appointment-form-cancel').click();

    // The day view has the same state in its table.
    await app.page.locator('body').click({ position: { x: 5, y: 890 } });
    await app.page.keyboard.press('d');
    await screenshot(app.page, 'appointments-day');
    const adaRow = app.page.getByTestId('appointment-row').filter({ hasText: 'Ada Week' });
    await expect.poll(async () => adaRow.getByTestId('appointment-reminder').textContent()).toContain('Reminded');
    expect(spaced(await adaRow.locator('td').first().textContent())).toBe(adaTime);
    expect(await adaRow.getByTestId('appointment-reminder').textContent()).toMatch(/Reminded \w{3} \d{1,2}:\d{2}\s(AM|PM) by sms/);

    // ? lists the view keys.
    await app.page.keyboard.press('Shift+?');
    const dialog = await visible(app.page.locator('.bp6-hotkey-dialog'));
    expect(await dialog.textContent()).toContain('Week view');
    expect(await dialog.textContent()).toContain('Day view');
    expect(await dialog.textContent()).toContain('Next appointment');
    await app.page.keyboard.press('Escape');
    expect(app.pageErrors).toEqual([]);
  });

  it('follows the clinic’s country: a British clinic reads the same week on a 24-hour clock', async () => {
    await app.callAsAdmin('settings.update', { defaultCountry: 'GB' });
    try {
      await app.page.goto(`${app.server.url}#/appointments/${adaAt.toISODate() ?? ''}`);
      await visible(app.page.getByTestId('screen-appointments'));
      await app.page.keyboard.press('w');
      const ada = await visible(card('Ada Week'));
      // Still the clinic's zone (New York), now written the British way.
      expect(await ada.locator('.fd-week-card-head strong').textContent()).toBe(adaAt.setZone(NY).toFormat('HH:mm'));
      expect(await ada.getByTestId('week-reminder').textContent()).toMatch(/Reminded \w{3} \d{2}:\d{2} by sms/);
      expect(await ada.getByTestId('week-reminder').textContent()).not.toMatch(/AM|PM/);
      const monday = DateTime.fromISO(weekOf(adaAt));
      expect(spaced(await app.page.getByTestId('day-title').textContent())).toMatch(new RegExp(`^Week of ${monday.toFormat('d LLL')} – `));
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.callAsAdmin('settings.update', { defaultCountry: 'US' });
    }
  });
});
