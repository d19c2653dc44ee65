/** Queue health from `engine.status`: online or offline, waiting, held, sending, each sender's backlog. */
import { Callout, Card, HTMLTable, Intent, Spinner, Tag } from '@blueprintjs/core';
import { formatStamp, type Where } from '../../../../shared/datetime';
import type { useEngineStatus } from './useDashboardData';

export function QueueHealth({ status, where }: { status: ReturnType<typeof useEngineStatus>; where: Where }) {
  if (status.state === 'loading') return <Card className="fd-dash-card"><Spinner size={20} /></Card>;
  if (status.state === 'error') {
    return (
      <Card className="fd-dash-card" data-testid="queue-health">
        <Callout intent={Intent.DANGER} title="Queue health could not be read">
          {status.error.message}
        </Callout>
      </Card>
    );
  }
  const s = status.value;
  return (
    <Card className="fd-dash-card" data-testid="queue-health">
      <div className="fd-dash-card-head">
        <h3>Queue health</h3>
        <Tag intent={s.online ? Intent.SUCCESS : Intent.DANGER} data-testid="engine-online">
          {s.online ? 'Online' : 'Offline'}
        </Tag>
        <span className="fd-muted">{s.summary}</span>
      </div>
      <div className="fd-dash-figures">
        <Figure label="Waiting" value={s.waiting} />
        <Figure label="Held" value={s.held} intent={s.held > 0 ? Intent.WARNING : undefined} />
        <Figure label="Sending" value={s.sending} />
        <Figure label="Offline providers" value={s.offlineProviders.length} intent={s.offlineProviders.length > 0 ? Intent.DANGER : undefined} />
      </div>
      {s.offlineProviders.length > 0 && <p className="fd-muted">Offline: {s.offlineProviders.join(', ')}</p>}
      {s.senders.length > 0 && (
        <HTMLTable compact className="fd-dash-table">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Sender</th>
              <th>Rate</th>
              <th>Backlog</th>
              <th>Done by</th>
            </tr>
          </thead>
          <tbody>
            {s.senders.map((sender) => (
              <tr key={`${sender.provider}:${sender.sender}`}>
                <td>{sender.provider}</td>
                <td>{sender.sender}</td>
                <td>{sender.segmentsPerSecond === null ? 'unlimited' : `${sender.segmentsPerSecond}/s`}</td>
                <td>{sender.backlogSegments}</td>
                <td>{sender.etaAt === null ? '—' : formatStamp(sender.etaAt, where)}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </Card>
  );
}

export function Figure({ label, value, intent, hint }: { label: string; value: string | number; intent?: Intent; hint?: string }) {
  return (
    <div className={`fd-dash-figure${intent ? ` fd-intent-${intent}` : ''}`} title={hint}>
      <div className="fd-dash-figure-value">{typeof value === 'number' ? value.toLocaleString() : value}</div>
      <div className="fd-dash-figure-label">{label}</div>
    </div>
  );
}
