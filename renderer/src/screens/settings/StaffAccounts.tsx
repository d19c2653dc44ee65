/** Staff accounts (admin only): list, create, edit role/name/password, deactivate. */
import { Button, HTMLTable, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { StaffView } from '../../../../shared/domain';
import { useQuery } from '../../ipc/useQuery';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { StaffFormDialog } from './StaffFormDialog';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';

type Editing = { kind: 'new' } | { kind: 'edit'; staff: StaffView } | null;

export function StaffAccounts({ isAdmin, currentStaffId }: { isAdmin: boolean; currentStaffId: number }) {
  const list = useQuery('staff.list', {}, { enabled: isAdmin });
  const where = useWhere();
  const [editing, setEditing] = useState<Editing>(null);

  if (!isAdmin) return <NonIdealState icon="lock" title="Only administrators manage staff accounts" />;

  return (
    <div data-testid="staff-accounts">
      <div className="fd-screen-header">
        <span className="fd-muted">Everyone who signs in to Frontdesk on this computer.</span>
        <Button icon="new-person" intent={Intent.PRIMARY} text="New staff account" onClick={() => setEditing({ kind: 'new' })} data-testid="new-staff" />
      </div>
      <ErrorCallout error={list.error} title="The staff accounts could not be loaded" />
      {!list.value && !list.error && <NonIdealState icon={<Spinner />} title="Loading staff accounts…" />}
      {list.value && (
        <HTMLTable className="fd-table" compact striped data-testid="staff-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Username</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last sign-in</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.value.map((s) => (
              <tr key={s.id} data-testid="staff-row">
                <td>
                  {s.displayName}
                  {s.id === currentStaffId && <span className="fd-muted"> (you)</span>}
                </td>
                <td>{s.username}</td>
                <td>{s.role}</td>
                <td>{s.active ? <Tag minimal intent={Intent.SUCCESS}>active</Tag> : <Tag minimal>inactive</Tag>}</td>
                <td>{s.lastSignInAt ? formatDateTime(s.lastSignInAt, where) : 'never'}</td>
                <td>
                  <Button small variant="minimal" icon="edit" text="Edit" onClick={() => setEditing({ kind: 'edit', staff: s })} data-testid="staff-edit" />
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      {editing && (
        <StaffFormDialog
          staff={editing.kind === 'edit' ? editing.staff : undefined}
          isSelf={editing.kind === 'edit' && editing.staff.id === currentStaffId}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}
