import { describe, expect, it } from 'vitest';
import { clinicLocale } from '../../../../../shared/datetime';
import { isAllowed, stateLabel, suppressionNotice } from './consent-text';

describe('consent text', () => {
  it('words the STOP notice in the clinic zone and locale and says only START lifts it', () => {
    const at = Date.UTC(2026, 10, 21, 19, 2);
    const stop = { id: 1, channel: 'sms', address: '+12125550100', reason: 'stop_keyword', detail: null, at, patientMustOptIn: true } as const;
    expect(suppressionNotice(stop, { zone: 'America/New_York', locale: clinicLocale('US') })).toMatch(/^SMS opted out by STOP on Nov 21, 2:02\sPM — the patient can text START$/);
    expect(suppressionNotice({ ...stop, channel: 'email', address: 'a@b.c', reason: 'hard_bounce', patientMustOptIn: false }, { zone: 'UTC', locale: clinicLocale('GB') })).toBe(
      'Email to a@b.c suppressed after a hard bounce on 21 Nov, 19:02',
    );
  });

  it('reminders need no objection, marketing needs an opt-in', () => {
    expect(isAllowed({ purpose: 'transactional', state: 'default' })).toBe(true);
    expect(isAllowed({ purpose: 'marketing', state: 'default' })).toBe(false);
    expect(isAllowed({ purpose: 'marketing', state: 'opted_in' })).toBe(true);
    expect(isAllowed({ purpose: 'transactional', state: 'opted_out' })).toBe(false);
    expect(stateLabel({ purpose: 'marketing', state: 'default' })).toBe('No consent yet');
  });
});
