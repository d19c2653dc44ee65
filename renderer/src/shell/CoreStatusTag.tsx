/**
 * Shown only while the core's background service is not running: restarting after it stopped
 * unexpectedly (queued messages are safe in the outbox) or stopped. Kept current by `core.status`
 * push events from main; calm state shows nothing.
 */
import { Intent, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/contract';
import { useApi } from '../ipc/ApiContext';

export function CoreStatusTag() {
  const api = useApi();
  const [status, setStatus] = useState<EventPayload<'core.status'> | null>(null);
  useEffect(() => api.on('core.status', setStatus), [api]);
  if (!status || status.state === 'ready' || status.state === 'starting') return null;
  const text = status.state === 'restarting' ? 'restarting…' : 'background service stopped';
  return (
    <Tag minimal intent={status.state === 'restarting' ? Intent.WARNING : Intent.DANGER} icon="refresh" title={status.message} data-testid="core-status">
      {text}
    </Tag>
  );
}
