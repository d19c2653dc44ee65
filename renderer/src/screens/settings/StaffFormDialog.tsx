/** Create a staff account, or change one's name, role, active flag or password. */
import { Button, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/ipc/define';
import type { StaffView } from '../../../../shared/domain';
import { useSubmit } from '../../ipc/useSubmit';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, withoutPath, type FieldErrors } from '../../forms/issues';

const ROLE_LABELS: Record<Role, string> = { receptionist: 'Receptionist', manager: 'Manager (broadcasts, audit log)', admin: 'Admin (settings, staff)' };

export function StaffFormDialog({ staff, isSelf, onClose, onSaved }: { staff?: StaffView; isSelf: boolean; onClose(): void; onSaved(): void }) {
  const [username, setUsername] = useState(staff?.username ?? '');
  const [displayName, setDisplayName] = useState(staff?.displayName ?? '');
  const [role, setRole] = useState<Role>(staff?.role ?? 'receptionist');
  const [active, setActive] = useState(staff?.active ?? true);
  const [password, setPassword] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const create = useSubmit('staff.create');
  const update = useSubmit('staff.update');
  const saving = staff ? update : create;

  const local: FieldErrors = {};
  if (!staff && !/^[a-z0-9._-]{3,40}$/i.test(username.trim())) local.username = 'At least 3 letters, digits, dots, dashes or underscores';
  if (displayName.trim() === '') local.displayName = 'Enter the name';
  if ((!staff || password !== '') && password.length < 8) local.password = 'At least 8 characters';
  const errorOf = (path: string) => (attempted ? local[path] : undefined) ?? serverErrors[path];
  const clear = (path: string) => setServerErrors((e) => withoutPath(e, path));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(local).length > 0) return;
    const result = staff
      ? await update.submit({ id: staff.id, displayName: displayName.trim(), role, active, ...(password ? { password } : {}) })
      : await create.submit({ username: username.trim(), displayName: displayName.trim(), role, password });
    if (result.ok) onSaved();
    else setServerErrors(issuesByPath(result.error));
  };

  return (
    <Dialog isOpen onClose={onClose} title={staff ? `Edit ${staff.displayName}` : 'New staff account'} icon="person">
      <form onSubmit={onSubmit} noValidate data-testid="staff-form">
        <DialogBody>
          {!staff && (
            <TextField label="Username" value={username} onChange={(v) => { setUsername(v); clear('username'); }} autoFocus required testId="staff-username" error={errorOf('username')} />
          )}
          <TextField label="Name" value={displayName} onChange={(v) => { setDisplayName(v); clear('displayName'); }} autoFocus={Boolean(staff)} required testId="staff-display-name" error={errorOf('displayName')} />
          <FormGroup label="Role" labelFor="staff-role" helperText={isSelf ? 'You cannot demote your own account.' : undefined}>
            <HTMLSelect id="staff-role" fill value={role} disabled={isSelf} onChange={(e) => setRole(ROLES.find((r) => r === e.currentTarget.value) ?? 'receptionist')} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} data-testid="staff-role" />
          </FormGroup>
          <TextField
            label={staff ? 'New password' : 'Password'}
            type="password"
            value={password}
            onChange={(v) => { setPassword(v); clear('password'); }}
            required={!staff}
            helper={staff ? 'Leave empty to keep the current password.' : undefined}
            testId="staff-password"
            error={errorOf('password')}
            autoComplete="new-password"
          />
          {staff && <Checkbox label="Active (may sign in)" checked={active} disabled={isSelf} onChange={(e) => setActive(e.currentTarget.checked)} data-testid="staff-active" />}
          <ErrorCallout error={saving.error} extra={unplacedIssues(serverErrors, (p) => ['username', 'displayName', 'password'].includes(p))} title="The account was not saved" />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button type="submit" intent={Intent.PRIMARY} text={staff ? 'Save changes' : 'Create account'} loading={saving.submitting} data-testid="staff-save" />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
