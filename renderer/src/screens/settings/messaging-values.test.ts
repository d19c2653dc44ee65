import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schedulerCalls, type SchedulerSettingsView } from '../../../../shared/contract/scheduler';
import { RESERVED_WORDS, helpReply } from './messaging-keywords';
import { checkMessagingValues, serverFieldErrors, splitWords, toMessagingUpdate, toMessagingValues, type MessagingValues } from './messaging-values';

const updateInput = schedulerCalls['scheduler.updateSettings'].input;

const view: SchedulerSettingsView = {
  keywords: { confirm: ['C', 'CONFIRM'], reschedule: ['R'] },
  notices: { booked: true, moved: true, cancelled: true },
  noticeSkipHours: 12,
  backupsKept: 7,
  messageRetentionDays: null,
  imap: { host: 'imap.example.com', port: 993, secure: true, user: 'desk@example.com', mailbox: 'INBOX', hasPassword: true },
};

describe('messaging settings values', () => {
  it('round-trips the view, keeping the saved password when the field is empty', () => {
    const values = toMessagingValues(view);
    expect(values.confirm).toBe('C, CONFIRM');
    const update = toMessagingUpdate(values, true);
    expect(update).toEqual({
      keywords: { confirm: ['C', 'CONFIRM'], reschedule: ['R'] },
      notices: { booked: true, moved: true, cancelled: true },
      noticeSkipHours: 12,
      backupsKept: 7,
      messageRetentionDays: null,
      imap: { host: 'imap.example.com', port: 993, secure: true, user: 'desk@example.com', mailbox: 'INBOX' },
    });
    expect(updateInput.safeParse(update).success).toBe(true);
  });

  it('sends a new password, "" to remove it, and null when the mailbox is switched off', () => {
    const values = toMessagingValues(view);
    expect(toMessagingUpdate({ ...values, imap: { ...values.imap, password: 'new one' } }, true).imap).toMatchObject({ password: 'new one' });
    expect(toMessagingUpdate({ ...values, imap: { ...values.imap, removePassword: true } }, true).imap).toMatchObject({ password: '' });
    expect(toMessagingUpdate({ ...values, useImap: false }, true).imap).toBeNull();
    // No mailbox before and none now: the update leaves it alone.
    expect('imap' in toMessagingUpdate({ ...values, useImap: false }, false)).toBe(false);
  });

  it('splits, trims and upper-cases words; refuses punctuation, reserved and duplicated words', () => {
    expect(splitWords(' c ,confirm,, yes  please ')).toEqual(['C', 'CONFIRM', 'YES PLEASE']);
    const base = toMessagingValues(view);
    expect(checkMessagingValues({ ...base, confirm: 'OK!' }, RESERVED_WORDS)['keywords.confirm']).toMatch(/letters and digits/);
    expect(checkMessagingValues({ ...base, confirm: 'C, stop' }, RESERVED_WORDS)['keywords.confirm']).toMatch(/opt-out/);
    expect(checkMessagingValues({ ...base, reschedule: 'C' }, RESERVED_WORDS)['keywords.reschedule']).toMatch(/also a confirmation word/);
    expect(checkMessagingValues({ ...base, confirm: ' , ' }, RESERVED_WORDS)['keywords.confirm']).toMatch(/at least one/);
    expect(checkMessagingValues({ ...base, retentionDays: '10' }, RESERVED_WORDS).messageRetentionDays).toBeDefined();
    expect(checkMessagingValues({ ...base, imap: { ...base.imap, port: '70000' } }, RESERVED_WORDS)['imap.port']).toBeDefined();
    expect(checkMessagingValues(base, RESERVED_WORDS)).toEqual({});
  });

  it('whatever passes the form’s checks, the server’s input schema accepts', () => {
    // Mostly plausible words, sometimes a bad one (punctuation, reserved, too long, blank).
    const token = fc.oneof(
      { arbitrary: fc.stringMatching(/^[A-Za-z0-9é]{1,9}( {1,2}[A-Za-z0-9]{1,9})?$/), weight: 8 },
      { arbitrary: fc.constantFrom('', '  ', 'OK!', 'stop', 'x'.repeat(21), 'ça va'), weight: 1 },
    );
    const word = fc.array(token, { maxLength: 11 }).map((a) => a.join(', '));
    const values: fc.Arbitrary<MessagingValues> = fc.record({
      confirm: word,
      reschedule: word,
      notices: fc.record({ booked: fc.boolean(), moved: fc.boolean(), cancelled: fc.boolean() }),
      noticeSkipHours: fc.oneof({ arbitrary: fc.integer({ min: -2, max: 60 }).map(String), weight: 4 }, { arbitrary: fc.string({ maxLength: 3 }), weight: 1 }),
      backupsKept: fc.oneof({ arbitrary: fc.integer({ min: -5, max: 100 }).map(String), weight: 4 }, { arbitrary: fc.string({ maxLength: 4 }), weight: 1 }),
      retentionDays: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 4000 }).map(String), fc.string({ maxLength: 4 })),
      useImap: fc.boolean(),
      imap: fc.record({
        host: fc.string({ maxLength: 30 }),
        port: fc.oneof({ arbitrary: fc.integer({ min: -1, max: 70000 }).map(String), weight: 4 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 }),
        secure: fc.boolean(),
        user: fc.string({ maxLength: 30 }),
        mailbox: fc.string({ maxLength: 30 }),
        password: fc.string({ maxLength: 30 }),
        hasPassword: fc.boolean(),
        removePassword: fc.boolean(),
      }),
    });
    let accepted = 0;
    fc.assert(
      fc.property(values, fc.boolean(), (v, hadImap) => {
        if (Object.keys(checkMessagingValues(v, RESERVED_WORDS)).length > 0) return;
        accepted++;
        const parsed = updateInput.safeParse(toMessagingUpdate(v, hadImap));
        expect(parsed.error?.issues ?? []).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // The property must have been exercised, not vacuously true.
    expect(accepted).toBeGreaterThan(50);
  });

  it('puts server issues under the field that shows them', () => {
    expect(serverFieldErrors({ 'keywords.confirm.1': 'Letters and digits only', 'imap.port': 'Too big', 'imap.password': 'Too long', other: 'x' })).toEqual({
      'keywords.confirm': 'Letters and digits only',
      'imap.port': 'Too big',
      'imap.password': 'Too long',
      other: 'x',
    });
  });

  it('the HELP reply names the clinic and its phone, and says how to opt out', () => {
    expect(helpReply('Harbour Clinic', '+12125550100')).toBe('Harbour Clinic: appointment reminders and messages. For help call +12125550100. Msg&data rates may apply. Reply STOP to opt out.');
    expect(helpReply('Harbour Clinic', '')).not.toContain('call');
  });
});
