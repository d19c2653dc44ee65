/**
 * The composer prevents what the server refuses (too long, empty) with the reason at the
 * counter, warns before a message the rules will refuse or hold (opted out, quiet hours) naming
 * the rule in plain words, and shows a send's outcome once, only on its own conversation.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from './browser';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const GRACE = '+12125550123';
const OMAR = '+12125550188';

const app = useBrowserApp({
  name: 'composer',
  as: RECEPTIONIST,
  seed: async ({ call, callAsAdmin }) => {
    // Without a reply window, a reply to Omar's message at night is held like any other text; with
    // one, it would be an answer and go at once (answers-not-held.test.ts covers that).
    await callAsAdmin('settings.update', { replyWindowHours: 0 });
    const grace = await call('patients.create', {
      firstName: 'Grace',
      lastName: 'Okafor',
      timeZone: zoneWhereHourIs(13),
      contactPoints: [
        { kind: 'phone', value: GRACE, isPrimary: true },
        { kind: 'email', value: 'grace@example.com' },
      ],
    });
    await call('consent.set', { patientId: grace.id, channel: 'sms', purpose: 'transactional', status: 'opted_out' });
    // Omar lives where it is the middle of the night: quiet hours hold his SMS.
    await call('patients.create', { firstName: 'Omar', lastName: 'Shah', timeZone: zoneWhereHourIs(2), contactPoints: [{ kind: 'phone', value: OMAR, isPrimary: true }] });
    await call('sandbox.replyAsPatient', { channel: 'sms', address: GRACE, body: 'Can you email me the form?' });
    await call('sandbox.replyAsPatient', { channel: 'sms', address: OMAR, body: 'Is tomorrow still on?' });
  },
});

const row = (name: string) => app.page.getByTestId('conversation-row').filter({ hasText: name });
// The list can re-sort under the pointer while a send updates it: click again until it is open.
const openThread = async (name: string) => {
  await expect
    .poll(async () => {
      await row(name).click();
      return app.page.getByTestId('thread-title').textContent();
    })
    .toContain(name);
};

describe('the composer', () => {
  it('warns before sending to an opted-out channel, and says the refusal once', async () => {
    await app.page.goto(`${app.server.url}#/inbox`);
    await openThread('Grace Okafor');
    const warning = await visible(app.page.getByTestId('composer-warning'));
    expect(await warning.getAttribute('data-verdict')).toBe('refuse');
    expect(await warning.textContent()).toBe('Will not be sent: the patient opted out of SMS.');

    const body = app.page.getByTestId('composer-body');
    const send = app.page.getByTestId('composer-send');
    expect(await send.isDisabled()).toBe(true);
    await body.fill('x'.repeat(2000));
    expect(await app.page.getByTestId('composer-problem').textContent()).toBe('Too long for a text message: 2,000 of 1,600 characters — shorten it by 400');
    expect(await send.isDisabled()).toBe(true);
    await screenshot(app.page, 'composer-too-long-opted-out');

    await body.fill('Here is the form.');
    expect(await app.page.getByTestId('composer-problem').count()).toBe(0);
    await send.click();
    const outcome = await visible(app.page.getByTestId('composer-outcome'));
    expect(await outcome.textContent()).toBe('Not sent: the patient opted out of SMS.');
    expect(await app.page.getByTestId('composer-outcome').count()).toBe(1);

    // Email is allowed: the warning goes.
    await app.page.getByTestId('composer-channel').selectOption('email');
    await app.page.getByTestId('composer-warning').waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });

  it('names quiet hours before sending, and keeps each outcome on its own conversation', async () => {
    await openThread('Omar Shah');
    expect(await app.page.getByTestId('composer-outcome').count()).toBe(0);
    const warning = await visible(app.page.getByTestId('composer-warning'));
    expect(await warning.getAttribute('data-verdict')).toBe('hold');
    expect(await warning.textContent()).toMatch(/^Quiet hours where the patient is: this will wait until the morning\. It would go at .+(AM|PM)\.$/);
    await app.page.getByTestId('composer-body').fill('Yes, see you at 9.');
    await app.page.getByTestId('composer-send').click();
    await expect.poll(() => app.page.getByTestId('composer-outcome').textContent()).toMatch(/^Queued, waiting: Quiet hours/);
    await screenshot(app.page, 'composer-quiet-hours');

    await openThread('Grace Okafor');
    expect(await app.page.getByTestId('composer-outcome').textContent()).toBe('Not sent: the patient opted out of SMS.');
    expect(app.pageErrors).toEqual([]);
  });
});
