import { describe, expect, it } from 'vitest';
import { actionText, detailPairs } from './audit-words';

describe('audit entries in words', () => {
  it('names the action as the contract describes the call, or the event', () => {
    expect(actionText('appointments.create')).toBe('Book an appointment');
    expect(actionText('conversation.viewed')).toBe('Viewed a conversation');
    expect(actionText('something.new_here')).toBe('Something new here');
  });

  it('turns the detail into label: value pairs, not JSON', () => {
    expect(detailPairs({ input: { patientId: 3, channel: 'sms', status: 'opted_out', note: null } })).toEqual([
      ['patient', '3'],
      ['channel', 'sms'],
      ['status', 'opted out'],
      ['note', '—'],
    ]);
    expect(detailPairs({ input: { quietHours: { start: '21:00' } } })).toEqual([['quiet hours start', '21:00']]);
    expect(detailPairs(null)).toEqual([]);
    expect(detailPairs({ input: { startsAt: Date.UTC(2026, 11, 4, 17, 37), durationMinutes: 30 } }, (at) => new Date(at).toISOString().slice(0, 10))).toEqual([
      ['starts at', '2026-12-04'],
      ['duration minutes', '30'],
    ]);
  });
});
