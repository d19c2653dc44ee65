import { createContext, useContext, type ReactNode } from 'react';
import type { PrefetchingApi } from './prefetch';

const ApiContext = createContext<PrefetchingApi | null>(null);

export function ApiProvider({ api, children }: { api: PrefetchingApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): PrefetchingApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() used outside <ApiProvider>');
  return api;
}
