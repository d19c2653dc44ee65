/**
 * The dashboard's two sources: `engine.status` (queue health; re-read on its push event and every
 * 10 s) and the proposed `dashboard.stats` (see stats-shape.ts), validated at run time.
 */
import { useEffect, useState } from 'react';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { onEventByName } from '../inbox/live-events';
import { callByName, callEngine, type EngineOutput } from '../inbox/optional-calls';
import { dashboardStatsSchema, type DashboardStats, type DashboardStatsInput } from './stats-shape';

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: CallError };

export const STATUS_POLL_MS = 10_000;

export function useEngineStatus(): Loadable<EngineOutput<'engine.status'>> {
  const api = useApi();
  const [status, setStatus] = useState<Loadable<EngineOutput<'engine.status'>>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    const read = () =>
      callEngine(api, 'engine.status', {}).then(
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
    callByName(api, 'dashboard.stats', JSON.parse(key) as DashboardStatsInput).then(
      (result) => {
        if (!current) return;
        if (!result.ok) {
          setLoaded({ key, value: { state: 'error', error: result.error } });
          return;
        }
        const parsed = dashboardStatsSchema.safeParse(result.value);
        setLoaded({
          key,
          value: parsed.success
            ? { state: 'ready', value: parsed.data }
            : { state: 'error', error: { code: 'internal', message: `The statistics came back in an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}` } },
        });
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
