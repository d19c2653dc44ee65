/**
 * The delivery engine's state in the navbar: calm when all is sent, "offline — N waiting" when a
 * provider is unreachable (DESIGN section 4). Loaded once, then kept current by `engine.status`
 * push events.
 */
import { Intent, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/contract';
import { useApi } from '../ipc/ApiContext';
import { useQuery } from '../ipc/useQuery';

type Live = EventPayload<'engine.status'>;

export function EngineStatusTag() {
  const api = useApi();
  const initial = useQuery('engine.status', {});
  const [live, setLive] = useState<Live | null>(null);
  useEffect(() => api.on('engine.status', setLive), [api]);

  const status = live ?? (initial.value ? { online: initial.value.online, waiting: initial.value.waiting, summary: initial.value.summary } : null);
  if (!status) {
    if (initial.error) {
      return (
        <Tag minimal intent={Intent.WARNING} title={initial.error.message} data-testid="engine-status">
          sending status unknown
        </Tag>
      );
    }
    return null;
  }
  const intent = !status.online ? Intent.WARNING : Intent.NONE;
  const paused = status.summary.startsWith('paused:');
  const text = paused ? `credentials rejected — ${status.waiting} waiting` : !status.online ? `offline — ${status.waiting} waiting` : status.waiting > 0 ? `${status.waiting} waiting to send` : 'all sent';
  return (
    <Tag minimal intent={paused ? Intent.DANGER : intent} icon={status.online ? 'cell-tower' : paused ? 'key' : 'offline'} title={status.summary} data-testid="engine-status">
      {text}
    </Tag>
  );
}
