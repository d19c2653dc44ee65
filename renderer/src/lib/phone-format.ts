/** Shows a stored E.164 number the way the front desk reads it: national form for the clinic's country. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export function formatPhone(e164: string, clinicCountry: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === clinicCountry ? parsed.formatNational() : parsed.formatInternational();
}
