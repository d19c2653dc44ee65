/**
 * The clinic's locale for formatting, set once the clinic settings load (ClinicProvider), so
 * helpers that are given only a time zone still format the clinic's way.
 */
import { clinicLocale, type Where } from '../../../shared/datetime';

let locale = clinicLocale('US');

export function setDisplayLocale(defaultCountry: string): void {
  locale = clinicLocale(defaultCountry);
}

export function whereFor(zoneOrWhere: string | Where): Where {
  return typeof zoneOrWhere === 'string' ? { zone: zoneOrWhere, locale } : zoneOrWhere;
}
