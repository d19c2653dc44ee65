/** The audit log, newest first (managers and admins): who did what and when; "Load older" pages back. */
import { Button, HTMLTable, NonIdealState, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { CallError } from '../../../../shared/ipc/result';
import { roleAllows } from '../../../../shared/ipc/define';
import { useAuth } from '../../auth/AuthContext';
import { useApi } from '../../ipc/ApiContext';
import { useQuery } from '../../ipc/useQuery';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { actionText, detailPairs } from './audit-words';

const PAGE = 100;
type Entry = OutputOf<'audit.list'>[number];

function Detail({ detail, formatInstant }: { detail: Entry['detail']; formatInstant(at: number): string }) {
  const pairs = detailPairs(detail, formatInstant);
  return (
    <>
      {pairs.map(([k, v], i) => (
        <span key={i} className="fd-audit-pair">
          <span className="fd-muted">{k}:</span> {v}
        </span>
      ))}
    </>
  );
}

export function AuditLog() {
  const { staff } = useAuth();
  const allowed = roleAllows(staff.role, 'manager');
  const api = useApi();
  const where = useWhere();
  const first = useQuery('audit.list', { limit: PAGE }, { enabled: allowed });
  const [older, setOlder] = useState<{ after: number; items: Entry[]; done: boolean }>({ after: 0, items: [], done: false });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<CallError | undefined>(undefined);

  if (!allowed) return <NonIdealState icon="lock" title="Only managers and administrators see the audit log" />;

  const head = first.value ?? [];
  const headFirstId = head[0]?.id ?? 0;
  // Older pages belong to the first page they were loaded after; a refresh starts over.
  const extra = older.after === headFirstId ? older.items : [];
  const entries = [...head, ...extra];
  const exhausted = head.length < PAGE || (older.after === headFirstId && older.done);

  const loadOlder = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    setLoadingOlder(true);
    const result = await api.call('audit.list', { beforeId: last.id, limit: PAGE });
    setLoadingOlder(false);
    if (!result.ok) {
      setOlderError(result.error);
      return;
    }
    setOlderError(undefined);
    setOlder({ after: headFirstId, items: [...extra, ...result.value], done: result.value.length < PAGE });
  };

  return (
    <div data-testid="audit-log">
      <div className="fd-screen-header">
        <span className="fd-muted">Append-only: sign-ins, changes, messages sent, exports.</span>
        <Button icon="refresh" text="Refresh" onClick={first.reload} loading={first.loading && Boolean(first.value)} />
      </div>
      <ErrorCallout error={first.error} title="The audit log could not be loaded" />
      {!first.value && !first.error && <NonIdealState icon={<Spinner />} title="Loading the audit log…" />}
      {first.value && entries.length === 0 && <NonIdealState icon="history" title="Nothing recorded yet" />}
      {entries.length > 0 && (
        <HTMLTable className="fd-table" compact striped data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>On</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>{formatDateTime(e.at, where)}</td>
                <td>{e.staffName ?? 'Frontdesk'}</td>
                <td title={e.action}>{actionText(e.action)}</td>
                <td>{e.entityType ? `${e.entityType.replace(/_/g, ' ')}${e.entityId ? ` ${e.entityId}` : ''}` : ''}</td>
                <td className="fd-audit-detail">
                  <Detail detail={e.detail} formatInstant={(at) => formatDateTime(at, where)} />
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <ErrorCallout error={olderError} title="Older entries could not be loaded" />
      {first.value && !exhausted && <Button className="fd-gap-top" text="Load older" icon="chevron-down" loading={loadingOlder} onClick={() => void loadOlder()} data-testid="audit-older" />}
    </div>
  );
}
