/** Earlier broadcasts, newest first, with their status and counts. */
import { Button, H4, HTMLTable, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { useBroadcastList } from './broadcast-calls';

export function BroadcastList({ onOpen, onNew }: { onOpen(id: number): void; onNew(): void }) {
  const list = useBroadcastList();
  const where = useWhere();
  return (
    <div data-testid="broadcast-list">
      <div className="fd-screen-header">
        <H4>Broadcasts</H4>
        <Button intent={Intent.PRIMARY} icon="plus" text="New broadcast" onClick={onNew} data-testid="broadcast-new" />
      </div>
      <ErrorCallout error={list.error} title="Broadcasts could not be loaded" />
      {!list.value && list.loading && <NonIdealState icon={<Spinner />} title="Loading broadcasts…" />}
      {list.value && list.value.length === 0 && (
        <NonIdealState icon="feed" title="No broadcasts yet" description="Send a message to many patients at once: a closure, a flu-shot campaign, a new clinician." action={<Button icon="plus" text="New broadcast" onClick={onNew} />} />
      )}
      {list.value && list.value.length > 0 && (
        <HTMLTable interactive striped compact style={{ width: '100%' }}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>When</th>
              <th style={{ textAlign: 'right' }}>Recipients</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((b) => (
              <tr key={b.id} onClick={() => onOpen(b.id)} data-testid="broadcast-row" style={{ cursor: 'pointer' }}>
                <td>
                  <a href={`#/broadcasts`} onClick={(e) => { e.preventDefault(); onOpen(b.id); }}>
                    {b.name}
                  </a>
                </td>
                <td>
                  <Tag minimal>{b.status}</Tag>
                </td>
                <td>{formatDateTime(b.scheduledAt ?? b.createdAt, where)}</td>
                <td style={{ textAlign: 'right' }}>{b.counts.total || '—'}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </div>
  );
}
