/** Sign in with a username and password (`auth.signIn`). */
import { Button, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { useSubmit } from '../ipc/useSubmit';
import { TextField } from '../forms/TextField';
import { ErrorCallout } from '../forms/ErrorCallout';
import { issuesByPath } from '../forms/issues';
import { AuthCard } from './AuthCard';

export function SignInForm({ onDone }: { onDone(): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { submit, submitting, error } = useSubmit('auth.signIn');
  const server = issuesByPath(error);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const staff = await submit({ username, password });
    if (staff.ok) onDone();
  };

  return (
    <AuthCard title="Sign in" testId="sign-in">
      <form onSubmit={onSubmit} noValidate>
        <TextField label="Username" value={username} onChange={setUsername} autoFocus required testId="sign-in-username" error={server.username} autoComplete="username" />
        <TextField label="Password" type="password" value={password} onChange={setPassword} required testId="sign-in-password" error={server.password} autoComplete="current-password" />
        <ErrorCallout error={error} />
        <Button type="submit" intent={Intent.PRIMARY} text="Sign in" loading={submitting} fill className="fd-gap-top" data-testid="sign-in-submit" />
      </form>
    </AuthCard>
  );
}
