/** The clinic's time zone and locale, for shared/datetime.ts formatting. */
import { useMemo } from 'react';
import { clinicLocale, type Where } from '../../../shared/datetime';
import { useClinic } from './ClinicContext';

export function useWhere(): Where {
  const { settings } = useClinic();
  return useMemo(() => ({ zone: settings.timeZone, locale: clinicLocale(settings.defaultCountry) }), [settings.timeZone, settings.defaultCountry]);
}
