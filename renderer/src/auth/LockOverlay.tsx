/** Shown over the app after it has been idle: the signed-in staff member's password unlocks it. */
import { Button, Dialog, DialogBody, DialogFooter, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { StaffView } from '../../../shared/domain';
import { useSubmit } from '../ipc/useSubmit';
import { TextField } from '../forms/TextField';
import { ErrorCallout } from '../forms/ErrorCallout';

export function LockOverlay({ staff, onUnlocked, onSignOut }: { staff: StaffView; onUnlocked(): void; onSignOut(): Promise<void> }) {
  const [password, setPassword] = useState('');
  const { submit, submitting, error } = useSubmit('auth.unlock');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (password === '') return;
    const unlocked = await submit({ password });
    if (unlocked.ok) onUnlocked();
    else setPassword('');
  };

  return (
    <Dialog isOpen title="Frontdesk is locked" icon="lock" isCloseButtonShown={false} canEscapeKeyClose={false} canOutsideClickClose={false}>
      <form onSubmit={onSubmit} noValidate data-testid="lock-overlay">
        <DialogBody>
          <p>Locked after a period without activity. Enter the password of {staff.displayName} ({staff.username}) to continue.</p>
          <TextField label="Password" type="password" value={password} onChange={setPassword} autoFocus testId="unlock-password" autoComplete="current-password" />
          <ErrorCallout error={error} />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Sign out instead" variant="minimal" onClick={() => void onSignOut()} data-testid="lock-sign-out" />
              <Button type="submit" intent={Intent.PRIMARY} text="Unlock" loading={submitting} data-testid="unlock-submit" />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
