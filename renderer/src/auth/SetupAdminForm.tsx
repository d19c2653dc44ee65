/** First run: create the admin account (`auth.setupAdmin`), which also signs it in. */
import { Button, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { useSubmit } from '../ipc/useSubmit';
import { TextField } from '../forms/TextField';
import { ErrorCallout } from '../forms/ErrorCallout';
import { issuesByPath, unplacedIssues } from '../forms/issues';
import { AuthCard } from './AuthCard';

const FIELDS = ['displayName', 'username', 'password'];

export function SetupAdminForm({ onDone }: { onDone(): void }) {
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempted, setAttempted] = useState(false);
  const { submit, submitting, error } = useSubmit('auth.setupAdmin');
  const server = issuesByPath(error);

  const local = {
    displayName: displayName.trim() === '' ? 'Enter your name' : undefined,
    username: username.trim().length < 3 ? 'At least 3 characters' : !/^[a-z0-9._-]+$/i.test(username.trim()) ? 'Letters, digits, dot, dash and underscore only' : undefined,
    password: password.length < 8 ? 'At least 8 characters' : undefined,
    confirm: confirm !== password ? 'The passwords do not match' : undefined,
  };
  const hasLocalErrors = Object.values(local).some(Boolean);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (hasLocalErrors) return;
    const created = await submit({ displayName, username, password });
    if (created.ok) onDone();
  };

  return (
    <AuthCard
      title="Create the admin account"
      intro="This is the first start of Frontdesk on this computer. The admin manages staff accounts and clinic settings."
      testId="setup-admin"
    >
      <form onSubmit={onSubmit} noValidate>
        <TextField label="Your name" value={displayName} onChange={setDisplayName} autoFocus required testId="setup-display-name" error={(attempted ? local.displayName : undefined) ?? server.displayName} autoComplete="name" />
        <TextField label="Username" value={username} onChange={setUsername} required testId="setup-username" error={(attempted ? local.username : undefined) ?? server.username} autoComplete="username" />
        <TextField label="Password" type="password" value={password} onChange={setPassword} required testId="setup-password" error={(attempted ? local.password : undefined) ?? server.password} autoComplete="new-password" />
        <TextField label="Repeat the password" type="password" value={confirm} onChange={setConfirm} required testId="setup-confirm" error={attempted ? local.confirm : undefined} autoComplete="new-password" />
        <ErrorCallout error={error} extra={unplacedIssues(server, (p) => FIELDS.includes(p))} />
        <Button type="submit" intent={Intent.PRIMARY} text="Create the admin account" loading={submitting} fill className="fd-gap-top" data-testid="setup-submit" />
      </form>
    </AuthCard>
  );
}
