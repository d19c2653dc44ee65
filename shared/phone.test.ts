import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone';

const reason = (raw: string, country = 'US') => {
  const r = normalisePhone(raw, country);
  return r.ok ? null : r.reason;
};

describe('phone numbers, with errors that name the real problem', () => {
  it('accepts national and international numbers', () => {
    expect(normalisePhone('(212) 555-0123', 'US')).toEqual({ ok: true, value: '+12125550123' });
    expect(normalisePhone('+44 7911 123456', 'US')).toEqual({ ok: true, value: '+447911123456' });
    expect(normalisePhone('0044 7911 123456', 'US')).toEqual({ ok: true, value: '+447911123456' });
    expect(normalisePhone('07911 123456', 'GB')).toEqual({ ok: true, value: '+447911123456' });
  });

  it('a number from another country written the national way is told to add the country code', () => {
    expect(reason('07700 900123')).toBe('"07700 900123" is too long for a number in the United States. If it is from another country, add the country code, e.g. +44 7700 900123');
    expect(reason('030 1234567')).toContain('add the country code, e.g. +44 7700 900123');
  });

  it('an international number is judged in its own country, not the clinic’s', () => {
    expect(reason('+44 7700 900123')).toBe('"+44 7700 900123" is not a number in use in the United Kingdom (+44): check the digits after +44');
    expect(reason('+44 79')).toBe('"+44 79" is too short for a number in the United Kingdom (+44): check the digits');
    expect(reason('+49 1')).toContain('Germany (+49)');
    expect(reason('+999 123456')).toBe('"+999 123456" does not start with a known country code (like +1 or +44)');
  });

  it('a short local number asks for the area code', () => {
    expect(reason('555-0199')).toBe('"555-0199" is too short for a number in the United States: include the area code. If it is from another country, add the country code, e.g. +44 7700 900123');
    expect(reason('12345')).toContain('too short');
    expect(reason('')).toBe('Enter a phone number');
    expect(reason('call me')).toBe('"call me" contains letters; enter digits only');
  });
});
