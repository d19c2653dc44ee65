/**
 * The clinic's settings (time zone, default country for phone numbers), loaded once after sign-in
 * and shared by every screen.
 */
import { NonIdealState, Spinner } from '@blueprintjs/core';
import { createContext, useContext, type ReactNode } from 'react';
import type { ClinicSettings } from '../../../shared/domain';
import { useQuery } from '../ipc/useQuery';
import { ErrorCallout } from '../forms/ErrorCallout';
import { setDisplayLocale } from './display-locale';

interface ClinicValue {
  settings: ClinicSettings;
  reload(): void;
}

const ClinicContext = createContext<ClinicValue | null>(null);

export function ClinicProvider({ children }: { children: ReactNode }) {
  const query = useQuery('settings.get', {});
  if (!query.value) {
    if (query.error) {
      return (
        <div className="fd-centered">
          <ErrorCallout error={query.error} title="The clinic settings could not be loaded" />
        </div>
      );
    }
    return <NonIdealState icon={<Spinner />} title="Loading the clinic settings…" />;
  }
  setDisplayLocale(query.value.defaultCountry);
  return <ClinicContext.Provider value={{ settings: query.value, reload: query.reload }}>{children}</ClinicContext.Provider>;
}

export function useClinic(): ClinicValue {
  const value = useContext(ClinicContext);
  if (!value) throw new Error('useClinic() used outside <ClinicProvider>');
  return value;
}
