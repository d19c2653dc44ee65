/** Loads a broadcast and shows its live progress with pause, resume and cancel. */
import { Button, NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect } from 'react';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { ProgressPanel } from './ProgressPanel';
import { BroadcastResults } from './BroadcastResults';
import { toProgress, useBroadcast, useBroadcastControl } from './broadcast-calls';

/** broadcast.progress events (pushed as deliveries change) refresh it; while active a slow poll is a safety net. */
const POLL_MS = 5000;

export function BroadcastProgressView({ broadcastId, name }: { broadcastId: number; name?: string }) {
  const query = useBroadcast(broadcastId);
  const where = useWhere();
  const { reload } = query;
  const control = useBroadcastControl(reload);
  const status = query.value?.status;
  const active = status === 'sending' || status === 'scheduled';

  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, reload]);

  if (!query.value) {
    if (query.error) {
      return (
        <>
              <ErrorCallout error={query.error} title="The broadcast could not be loaded" />
              <Button className="fd-gap-top" icon="refresh" text="Try again" onClick={reload} />
    </>
      );
    }
    return <NonIdealState icon={<Spinner />} title="Loading the broadcast…" />;
  }
  return (
    <>
      <ProgressPanel
        name={name ?? query.value.name}
        when={query.value.scheduledAt !== null ? `Scheduled for ${formatDateTime(query.value.scheduledAt, where)}` : null}
        progress={toProgress(query.value)}
        busy={control.busy}
        error={control.error ?? query.error}
        onPause={() => void control.run('broadcasts.pause', broadcastId)}
        onResume={() => void control.run('broadcasts.resume', broadcastId)}
        onCancel={() => void control.run('broadcasts.cancel', broadcastId)}
      />
      <BroadcastResults broadcastId={broadcastId} canExport />
    </>
  );
}
