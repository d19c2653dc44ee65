import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { fastE164 } from './phone-fast-path';
import { normalisePhone, phoneReader } from './phone';

/** What libphonenumber says, the way normalisePhone asks it: E.164 when valid, else null. */
function reference(text: string, country: string): string | null {
  const parsed = parsePhoneNumberFromString(text, country as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** The fast path either says "ask libphonenumber" or gives libphonenumber's own answer. */
function agrees(text: string, country: string): boolean {
  const fast = fastE164(text, country);
  return fast === undefined || fast === reference(text, country);
}

const COUNTRIES = getCountries();
const country = fc.constantFrom(...COUNTRIES);
/** Clinics are mostly here; a few shared calling codes (+1, +44, +7) and national prefixes (0, 8). */
const CLINIC_COUNTRIES: CountryCode[] = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'DE', 'FR', 'ES', 'IT', 'NL', 'RU', 'KZ', 'IN', 'BR', 'AR', 'MX', 'JM', 'PR', 'IM', 'JE'];
const clinicCountry = fc.constantFrom(...CLINIC_COUNTRIES);
const digitString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const separator = fc.constantFrom('', ' ', '-', '.', ' - ', '  ');

/** Digits split into groups by random separators, maybe with the area code in brackets. */
const written = (digits: string) =>
  fc.tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }), fc.array(separator, { minLength: 6, maxLength: 6 }), fc.boolean()).map(([sizes, seps, brackets]) => {
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
      if (at >= digits.length) break;
      parts.push(digits.slice(at, at + size));
      at += size;
    }
    if (at < digits.length) parts.push(digits.slice(at));
    if (brackets && parts.length > 1) parts[0] = `(${parts[0]})`;
    return parts.map((p, i) => (i === 0 ? p : `${seps[i % seps.length]}${p}`)).join('');
  });

/** A real example number of a country, its last digits changed, written one of the ways people write. */
const realistic = fc
  .tuple(country, clinicCountry, fc.integer({ min: 0, max: 6 }), digitString(6, 6), fc.constantFrom('national', 'international', 'e164', 'plain-code', 'idd-00', 'idd-011', 'trunk'))
  .chain(([home, clinic, changed, fresh, form]) => {
    const example = getExampleNumber(home, examples);
    const national = example?.nationalNumber ?? `${fresh}1234`;
    const tail = changed === 0 ? national : national.slice(0, Math.max(0, national.length - changed)) + fresh.slice(0, changed);
    const code = getCountryCallingCode(home);
    const body = { national: `0${tail}`, trunk: `1${tail}`, international: `${code}${tail}`, e164: `${code}${tail}`, 'plain-code': `${code}${tail}`, 'idd-00': `00${code}${tail}`, 'idd-011': `011${code}${tail}` }[form];
    const asWritten = form === 'national' ? fc.constantFrom(tail, `0${tail}`, `8${tail}`) : fc.constant(body);
    return fc.tuple(asWritten.chain(written), fc.constantFrom(clinic, home)).map(([text, c]) => {
      const plus = form === 'international' || form === 'e164' ? `+${text}` : text;
      return [plus, c] as const;
    });
  });

describe('the compiled phone path gives libphonenumber’s answer or none', () => {
  it('agrees on realistic numbers of every country, written every common way', () => {
    fc.assert(
      fc.property(realistic, ([text, c]) => agrees(text, c)),
      { numRuns: 20_000 },
    );
  });

  it('agrees where a national prefix could be the first digit of the number (8 800 … in Russia)', () => {
    // Example numbers of every country with their first digits and their length changed, after
    // a digit that is a national prefix somewhere: the cases where libphonenumber keeps or
    // strips the prefix by the patterns and the possible lengths.
    const shaped = fc
      .tuple(country, digitString(1, 3), digitString(0, 4), fc.integer({ min: -2, max: 1 }), fc.constantFrom('', '0', '8', '1', '00', '06', '80'))
      .map(([c, head, tail, grow, prefix]) => {
        const national = getExampleNumber(c, examples)?.nationalNumber ?? '5550123';
        const body = (head + national.slice(head.length)).slice(0, Math.max(1, national.length + grow)) + (grow > 0 ? tail.slice(0, grow) : '');
        return [`${prefix}${body}`, c] as const;
      });
    fc.assert(
      fc.property(shaped, ([text, c]) => agrees(text, c)),
      { numRuns: 30_000 },
    );
  });

  it('agrees on random strings of digits and punctuation, with and without a +', () => {
    const text = fc.tuple(fc.constantFrom('', '+', '(', '+ '), fc.string({ unit: fc.constantFrom(...'0123456789 ().-'), minLength: 0, maxLength: 20 })).map(([a, b]) => a + b);
    fc.assert(
      fc.property(text, fc.oneof(clinicCountry, country), (t, c) => agrees(t, c)),
      { numRuns: 20_000 },
    );
  });

  it('agrees on random digit strings of every length in the clinic countries', () => {
    fc.assert(
      fc.property(digitString(1, 18), fc.constantFrom('', '+', '00'), clinicCountry, (digits, lead, c) => agrees(`${lead}${digits}`.replace(/^00/, '+'), c)),
      { numRuns: 20_000 },
    );
  });

  it('answers itself for the common written forms (so the speed-up is real)', () => {
    const inputs = COUNTRIES.flatMap((c) => {
      const example = getExampleNumber(c, examples);
      if (!example) return [];
      return [[example.formatNational(), c], [example.formatInternational(), c], [example.number, 'US']] as Array<[string, string]>;
    });
    const answered = inputs.filter(([text, c]) => fastE164(text, c) !== undefined);
    expect(answered.length / inputs.length).toBeGreaterThan(0.9);
    for (const [text, c] of inputs) expect(agrees(text, c), `${text} in ${c}`).toBe(true);
    // The bench file's and the usual US and UK forms, all answered without libphonenumber.
    for (const [text, c] of [['(212) 200-0001', 'US'], ['212.555.0123', 'US'], ['1-212-555-0123', 'US'], ['011 44 7911 123456', 'US'], ['07911 123456', 'GB'], ['+44 7911 123456', 'US'], ['+1 604 555 0123', 'GB']]) {
      expect(fastE164(text as string, c as string), `${text} in ${c}`).toBe(reference(text as string, c as string));
    }
  });

  it('is what normalisePhone returns, with libphonenumber’s reason whenever a number is wrong', () => {
    expect(normalisePhone('(212) 200-0001', 'US')).toEqual({ ok: true, value: '+12122000001' });
    expect(normalisePhone('12345', 'US')).toEqual({ ok: false, reason: expect.stringContaining('too short') });
    expect(fastE164('+44 7700 900123', 'US')).toBeNull();
    expect(normalisePhone('+44 7700 900123', 'US')).toEqual({ ok: false, reason: '"+44 7700 900123" is not a number in use in the United Kingdom (+44): check the digits after +44' });
    // An import's reader gives the same, remembered or not.
    const read = phoneReader('US');
    for (const raw of ['(212) 200-0001', ' 12345', 'tel:+12125550123', '+44 7700 900123', 'call me', '']) {
      expect(read(raw)).toEqual(normalisePhone(raw, 'US'));
      expect(read(raw)).toEqual(normalisePhone(raw, 'US'));
    }
    // Outside the compiled path's alphabet: libphonenumber decides, as before.
    expect(fastE164('tel:+12125550123', 'US')).toBeUndefined();
    expect(fastE164('２１２５５５０１２３', 'US')).toBeUndefined();
  });
});
