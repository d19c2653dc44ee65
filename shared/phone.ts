/** Phone and email normalisation, shared so the renderer can show the same errors as main. */
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { fastE164 } from './phone-fast-path';

export type NormalisedAddress = { ok: true; value: string } | { ok: false; reason: string };

/** How staff should write a number from abroad. */
export const INTERNATIONAL_EXAMPLE = '+44 7700 900123';

function countryName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
    if (!name || name === code) return code;
    return /^(United |Netherlands|Philippines|Czech|Dominican|Bahamas|Gambia|Central African|Maldives)/.test(name) ? `the ${name}` : name;
  } catch {
    // Intl without region names: the ISO code still says which country.
    return code;
  }
}

/** The country a calling code belongs to (the main one where several share it, e.g. +1: US). */
function countryOfCallingCode(callingCode: string): string | null {
  const countries = getCountries().filter((c) => getCountryCallingCode(c) === callingCode);
  const main: Record<string, CountryCode> = { '1': 'US', '44': 'GB', '7': 'RU', '61': 'AU', '39': 'IT', '47': 'NO', '358': 'FI', '590': 'GP', '262': 'RE', '599': 'CW', '212': 'MA' };
  return main[callingCode] ?? countries[0] ?? null;
}

/** The calling code a number too short to parse begins with (+49 1 → 49), if any. */
function callingCodePrefix(trimmed: string): string | undefined {
  const digits = trimmed.replace(/\D/g, '');
  const known = new Set(getCountries().map((c) => getCountryCallingCode(c) as string));
  for (let length = 1; length <= 3; length++) if (known.has(digits.slice(0, length))) return digits.slice(0, length);
  return undefined;
}

const LENGTH_WORDS: Record<string, string> = { TOO_SHORT: 'too short', TOO_LONG: 'too long', INVALID_LENGTH: 'the wrong length' };

/** Why a number that did not parse as valid is wrong, naming the real problem. */
function phoneProblem(trimmed: string, defaultCountry: string): string {
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  if (international) {
    const code = parsed?.countryCallingCode ?? callingCodePrefix(trimmed);
    const country = code ? countryOfCallingCode(code) : null;
    if (!code || !country) return `"${trimmed}" does not start with a known country code (like +1 or +44)`;
    const length = validatePhoneNumberLength(trimmed);
    const where = `${countryName(country)} (+${code})`;
    if (length && LENGTH_WORDS[length]) return `"${trimmed}" is ${LENGTH_WORDS[length]} for a number in ${where}: check the digits`;
    return `"${trimmed}" is not a number in use in ${where}: check the digits after +${code}`;
  }
  const home = countryName(defaultCountry);
  const abroad = `If it is from another country, add the country code, e.g. ${INTERNATIONAL_EXAMPLE}`;
  const length = validatePhoneNumberLength(trimmed, defaultCountry as CountryCode);
  if (length === 'TOO_SHORT') return `"${trimmed}" is too short for a number in ${home}: include the area code. ${abroad}`;
  if (length && LENGTH_WORDS[length]) return `"${trimmed}" is ${LENGTH_WORDS[length]} for a number in ${home}. ${abroad}`;
  return `"${trimmed}" is not a number in use in ${home}. ${abroad}`;
}

export function normalisePhone(raw: string, defaultCountry: string): NormalisedAddress {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'Enter a phone number' };
  if (/[a-z]/i.test(trimmed.replace(/^tel:/i, '').replace(/\s*(ext\.?|x)\s*\d+$/i, ''))) {
    return { ok: false, reason: `"${trimmed}" contains letters; enter digits only` };
  }
  const written = trimmed.replace(/^00/, '+');
  // Plain digits and punctuation take the compiled path (the same answer, an import's 100,000
  // rows in a fraction of the time); the rest, and every invalid number's reason, libphonenumber.
  const fast = fastE164(written, defaultCountry);
  if (typeof fast === 'string') return { ok: true, value: fast };
  const parsed = parsePhoneNumberFromString(written, defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: phoneProblem(written, defaultCountry) };
  return { ok: true, value: parsed.number };
}

/**
 * normalisePhone for one run over many rows (an import) in one default country. Numbers the
 * compiled path answers are cheaper to read again than to remember; the others (libphonenumber's,
 * and every invalid one with its reason) are remembered by their raw text for the run: an
 * appointment file repeats a patient's phone on every visit.
 */
export function phoneReader(defaultCountry: string): (raw: string) => NormalisedAddress {
  const remembered = new Map<string, NormalisedAddress>();
  return (raw) => {
    const fast = fastE164(raw.trim().replace(/^00/, '+'), defaultCountry);
    if (typeof fast === 'string') return { ok: true, value: fast };
    let read = remembered.get(raw);
    if (!read) remembered.set(raw, (read = normalisePhone(raw, defaultCountry)));
    return read;
  };
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function normaliseEmail(raw: string): NormalisedAddress {
  const value = raw.trim().toLowerCase();
  if (value === '') return { ok: false, reason: 'Enter an email address' };
  if (!emailPattern.test(value)) return { ok: false, reason: `"${raw.trim()}" is not a valid email address` };
  return { ok: true, value };
}

export function normaliseContact(kind: 'phone' | 'email', raw: string, defaultCountry: string): NormalisedAddress {
  return kind === 'phone' ? normalisePhone(raw, defaultCountry) : normaliseEmail(raw);
}
