/**
 * What the sandbox provider "delivered" to patients (`sandbox.inbox`), re-read on push events
 * and every few seconds while shown (the sandbox has no event of its own for arrivals).
 */
import { useCallback, useEffect, useState } from 'react';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { THREAD_EVENTS, onEventByName } from '../inbox/live-events';
import type { OutputOf } from '../../../../shared/contract';

export type SandboxItem = OutputOf<'sandbox.inbox'>['items'][number];

export const SANDBOX_POLL_MS = 2000;

export function useSandboxInbox(enabled: boolean): { items: SandboxItem[] | undefined; error: CallError | undefined; reload(): void } {
  const api = useApi();
  const [items, setItems] = useState<SandboxItem[] | undefined>(undefined);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const read = () => {
      api.call('sandbox.inbox', { limit: 200 }).then(
        (result) => {
          if (!current) return;
          if (result.ok) {
            setItems(result.value.items);
            setError(undefined);
          } else setError(result.error);
        },
        (failure: unknown) => {
          if (current) setError({ code: 'internal', message: String(failure) });
        },
      );
    };
    read();
    const timer = setInterval(read, SANDBOX_POLL_MS);
    const offs = THREAD_EVENTS.map((name) => onEventByName(api, name, read));
    return () => {
      current = false;
      clearInterval(timer);
      for (const off of offs) off();
    };
  }, [api, enabled, version]);

  return { items, error, reload: useCallback(() => setVersion((v) => v + 1), []) };
}
