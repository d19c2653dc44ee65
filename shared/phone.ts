/** Phone and email normalisation, shared so the renderer can show the same errors as main. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type NormalisedAddress = { ok: true; value: string } | { ok: false; reason: string };

export function normalisePhone(raw: string, defaultCountry: string): NormalisedAddress {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'Enter a phone number' };
  if (/[a-z]/i.test(trimmed.replace(/^tel:/i, '').replace(/\s*(ext\.?|x)\s*\d+$/i, ''))) {
    return { ok: false, reason: `"${trimmed}" contains letters; enter digits only` };
  }
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  if (!parsed) return { ok: false, reason: `"${trimmed}" is not a phone number` };
  if (!parsed.isValid()) return { ok: false, reason: `"${trimmed}" is not a valid phone number for ${parsed.country ?? defaultCountry}` };
  return { ok: true, value: parsed.number };
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
