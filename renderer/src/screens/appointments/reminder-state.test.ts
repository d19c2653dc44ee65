import { describe, expect, it } from 'vitest';
import type { ScheduledAppointment } from '../../../../shared/contract/appointments';
import { clinicLocale } from '../../../../shared/datetime';
import { confirmationText, reminderLines } from './reminder-state';

const US = { zone: 'America/New_York', locale: clinicLocale('US') };
const GB = { zone: 'Europe/London', locale: clinicLocale('GB') };
const REMINDED = Date.UTC(2026, 11, 1, 9, 4); // Tue 4:04 AM in New York, 09:04 in London

const appointment: ScheduledAppointment = {
  id: 1,
  patientId: 1,
  patientName: 'Ada Week',
  externalId: null,
  clinician: 'Dr. Patel',
  location: '',
  reason: null,
  startsAt: Date.UTC(2026, 11, 2, 15, 30),
  durationMinutes: 30,
  status: 'confirmed',
  confirmedAt: Date.UTC(2026, 11, 1, 14, 0),
  confirmedVia: 'sms',
  reminder: {
    nextAt: Date.UTC(2026, 11, 2, 13, 30),
    nextRule: 'SMS 2 hours before',
    last: { at: REMINDED, rule: 'SMS 24 hours before', channel: 'sms', state: 'delivered', reasonCode: null },
    reply: { at: Date.UTC(2026, 11, 1, 14, 0), body: 'C' },
  },
  warnings: [],
};

describe('reminder and confirmation words', () => {
  it('says when in the clinic’s zone with its clock: 12-hour for en-US, 24-hour for en-GB', () => {
    const us = reminderLines(appointment, US);
    expect(us[0]).toMatch(/^Reminded Tue 4:04\sAM by sms: delivered$/);
    expect(us[1]).toMatch(/^Replied Tue 9:00\sAM: “C”$/);
    expect(us[2]).toMatch(/^Next: SMS 2 hours before at Wed 8:30\sAM$/);
    expect(reminderLines(appointment, GB)[0]).toBe('Reminded Tue 09:04 by sms: delivered');
    expect(confirmationText(appointment, US)).toMatch(/^Confirmed Tue 9:00\sAM \(sms\)$/);
    expect(confirmationText(appointment, GB)).toBe('Confirmed Tue 14:00 (sms)');
  });

  it('words an appointment with no reminder and one not confirmed yet', () => {
    const bare = { ...appointment, status: 'booked' as const, confirmedAt: null, confirmedVia: null, reminder: { nextAt: null, nextRule: null, last: null, reply: null } };
    expect(reminderLines(bare, US)).toEqual(['No reminder due']);
    expect(confirmationText(bare, US)).toBe('Not confirmed yet');
    expect(confirmationText({ ...bare, status: 'no_show' }, US)).toBe('no-show');
  });
});
