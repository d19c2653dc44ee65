/**
 * The result of a broadcast: deliveries over time (cumulative sent, delivered, failed), every
 * recipient with state and reason (an exclusion names the rule that made it; a provider error
 * shows only for a delivery a provider answered), and the list as CSV.
 */
import { Button, ControlGroup, HTMLSelect, HTMLTable, InputGroup, Intent, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { RecipientResult, RecipientResultState } from '../../../../shared/contract/broadcast-results';
import { useApi } from '../../ipc/ApiContext';
import { useQuery } from '../../ipc/useQuery';
import { useDebounced } from '../../lib/useDebounced';
import { useWhere } from '../../lib/useWhere';
import { formatTimeLabels } from '../../../../shared/datetime';
import { downloadText } from '../../lib/download';
import { ErrorCallout } from '../../forms/ErrorCallout';
import type { CallError } from '../../../../shared/ipc/result';
import { TimeSeriesChart } from '../dashboard/charts/TimeSeriesChart';
import '../dashboard/charts/charts.css';
import { CHANNEL_NAMES } from './broadcast-model';

const PAGE = 50;
const STATE_INTENT: Partial<Record<RecipientResultState, Intent>> = {
  delivered: Intent.SUCCESS,
  read: Intent.SUCCESS,
  sent: Intent.PRIMARY,
  held: Intent.WARNING,
  excluded: Intent.DANGER,
  failed: Intent.DANGER,
  undelivered: Intent.DANGER,
};
const STATES: RecipientResultState[] = ['pending', 'excluded', 'queued', 'held', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered', 'cancelled'];

function Row({ r }: { r: RecipientResult }) {
  return (
    <tr data-testid="result-row" data-state={r.state}>
      <td>{r.name}</td>
      <td>
        <Tag minimal intent={STATE_INTENT[r.state] ?? Intent.NONE}>{r.state}</Tag>
      </td>
      <td>{r.channel ? CHANNEL_NAMES[r.channel] : '—'}</td>
      <td data-testid="result-reason">
        {r.reasonText ?? ''}
        {r.errorCode && <span className="fd-muted"> (provider error {r.errorCode})</span>}
      </td>
    </tr>
  );
}

export function BroadcastResults({ broadcastId, canExport }: { broadcastId: number; canExport: boolean }) {
  const api = useApi();
  const where = useWhere();
  const [search, setSearch] = useState('');
  const [state, setState] = useState<RecipientResultState | null>(null);
  const [offset, setOffset] = useState(0);
  const settled = useDebounced(search.trim(), 200);
  const list = useQuery(
    'broadcasts.recipients',
    { id: broadcastId, ...(settled ? { search: settled } : {}), ...(state ? { state } : {}), offset, limit: PAGE },
    { refreshOn: ['broadcast.progress'] },
  );
  const timeline = useQuery('broadcasts.timeline', { id: broadcastId, buckets: 24 }, { refreshOn: ['broadcast.progress'] });
  const [exportError, setExportError] = useState<CallError | undefined>(undefined);
  const exportCsv = async () => {
    setExportError(undefined);
    const result = await api.call('broadcasts.exportCsv', { id: broadcastId });
    if (result.ok) downloadText(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8');
    else setExportError(result.error);
  };
  const points = timeline.value ?? [];
  const total = list.value?.total ?? 0;
  return (
    <div data-testid="broadcast-results">
      <h3>Deliveries over time</h3>
      {points.length === 0 ? (
        <p className="fd-muted" data-testid="result-timeline-empty">
          Nothing handed to a provider yet.
        </p>
      ) : (
        <TimeSeriesChart
          title="Messages sent, delivered and failed so far"
          cumulative
          labels={formatTimeLabels(points.map((p) => p.at), where)}
          series={[
            { name: 'Sent', color: '#2d72d2', values: points.map((p) => p.sent) },
            { name: 'Delivered', color: '#238551', values: points.map((p) => p.delivered) },
            { name: 'Failed', color: '#cd4246', values: points.map((p) => p.failed) },
          ]}
          testId="result-timeline"
        />
      )}
      <div className="fd-inline-row fd-gap-top fd-gap-bottom">
        <h3 style={{ margin: 0 }}>Recipients</h3>
        <ControlGroup>
          <InputGroup
            leftIcon="search"
            type="search"
            value={search}
            onValueChange={(v) => {
              setSearch(v);
              setOffset(0);
            }}
            placeholder="Search names"
            aria-label="Search recipients"
            data-testid="result-search"
          />
          <HTMLSelect
            value={state ?? ''}
            onChange={(e) => {
              setState(STATES.find((s) => s === e.currentTarget.value) ?? null);
              setOffset(0);
            }}
            aria-label="State"
            data-testid="result-state"
          >
            <option value="">every state</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </HTMLSelect>
        </ControlGroup>
        {canExport && <Button icon="download" text="Export CSV" onClick={() => void exportCsv()} data-testid="result-export" />}
      </div>
      <ErrorCallout error={exportError ?? list.error} title="The recipients could not be loaded or exported" />
      <HTMLTable compact striped className="fd-recipient-table" data-testid="result-table">
        <thead>
          <tr>
            <th>Patient</th>
            <th>State</th>
            <th>Channel</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>{list.value?.items.map((r) => <Row key={r.patientId} r={r} />)}</tbody>
      </HTMLTable>
      <div className="fd-inline-row fd-gap-top">
        <span className="fd-muted" data-testid="result-range">
          {total === 0 ? 0 : offset + 1}–{Math.min(total, offset + PAGE)} of {total}
        </span>
        <Button small icon="chevron-left" aria-label="Previous page" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} />
        <Button small icon="chevron-right" aria-label="Next page" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)} />
      </div>
    </div>
  );
}
