/**
 * The dashboard's two sources: `engine.status` (queue health; re-read on its push event and every
 * 10 s) and `dashboard.stats` for the charts.
 */
import { useEffect, useState } from 'react';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { onEventByName } from '../inbox/live-events';
import type { OutputOf } from '../../../../shared/contract';
import type { DashboardStats, DashboardStatsInput } from './stats-shape';

type EngineStatus = OutputOf<'engine.status'>;

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: CallError };

export const STATUS_POLL_MS = 10_000;

export function useEngineStatus(): Loadable<EngineStatus> {
  const api = useApi();
  const [status, setStatus] = useState<Loadable<EngineStatus>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    const read = () =>
      api.call('engine.status', {}).then(
        (result) => {
          if (current) setStatus(result.ok ? { state: 'ready', value: result.value } : { state: 'error', error: result.error });
        },
        (failure: unknown) => {
          if (current) setStatus({ state: 'error', error: { code: 'internal', message: String(failure) } });
        },
      );
    void read();
    const timer = setInterval(() => void read(), STATUS_POLL_MS);
    const offs = ['engine.status', 'delivery.updated'].map((name) => onEventByName(api, name, () => void read()));
    return () => {
      current = false;
      clearInterval(timer);
      for (const off of offs) off();
    };
  }, [api]);
  return status;
}

export function useDashboardStats(input: DashboardStatsInput, version: number): Loadable<DashboardStats> {
  const api = useApi();
  const key = JSON.stringify(input);
  const [loaded, setLoaded] = useState<{ key: string; value: Loadable<DashboardStats> } | null>(null);
  useEffect(() => {
    let current = true;
    api.call('dashboard.stats', JSON.parse(key) as DashboardStatsInput).then(
      (result) => {
        if (current) setLoaded({ key, value: result.ok ? { state: 'ready', value: result.value } : { state: 'error', error: result.error } });
      },
      (failure: unknown) => {
        if (current) setLoaded({ key, value: { state: 'error', error: { code: 'internal', message: String(failure) } } });
      },
    );
    return () => {
      current = false;
    };
  }, [api, key, version]);
  return loaded && loaded.key === key ? loaded.value : { state: 'loading' };
}
