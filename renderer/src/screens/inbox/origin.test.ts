import { describe, expect, it } from 'vitest';
import { originLabel } from './origin';

describe('message origins', () => {
  it('are words staff read, never codes', () => {
    expect(originLabel('appointment_event')).toBe('Appointment notice');
    expect(originLabel('auto_reply')).toBe('Automatic reply');
    expect(originLabel('reminder')).toBe('Reminder');
    expect(originLabel('broadcast')).toBe('Broadcast');
    expect(originLabel('some_new_kind')).toBe('Some new kind');
  });
});
