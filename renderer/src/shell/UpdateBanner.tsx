/**
 * "Restart to update": shown once the shell has downloaded an update (the `updates.changed` push
 * event, or `updates.status` on load). The restart is the receptionist's choice; main refuses it
 * while a broadcast is sending and the reason is shown here.
 */
import { Button, Callout, Intent } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../shared/contract/updates';
import { useApi } from '../ipc/ApiContext';
import { useQuery } from '../ipc/useQuery';
import { useSubmit } from '../ipc/useSubmit';

export function UpdateBanner() {
  const api = useApi();
  const initial = useQuery('updates.status', {});
  const [live, setLive] = useState<UpdateStatus | null>(null);
  useEffect(() => api.on('updates.changed', setLive), [api]);
  const restart = useSubmit('updates.restart');

  const status = live ?? initial.value;
  if (status?.state !== 'downloaded') return null;
  return (
    <Callout intent={Intent.PRIMARY} icon="updated" className="fd-update-banner" data-testid="update-banner">
      Frontdesk {status.version} has been downloaded.{' '}
      <Button
        size="small"
        intent={Intent.PRIMARY}
        text="Restart to update"
        loading={restart.submitting}
        onClick={() => void restart.submit({})}
        data-testid="update-restart"
      />
      {restart.error && (
        <span className="fd-gap-left" role="alert" data-testid="update-restart-error">
          {restart.error.message}
        </span>
      )}
    </Callout>
  );
}
