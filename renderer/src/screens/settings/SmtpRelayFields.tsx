/** Host, port, TLS, user and write-only password of one SMTP relay. */
import { Checkbox } from '@blueprintjs/core';
import { TextField } from '../../forms/TextField';
import type { ProviderErrors, RelayValues } from './provider-values';

export function SmtpRelayFields({ name, relay, errors, onChange }: { name: 'primary' | 'secondary'; relay: RelayValues; errors: ProviderErrors; onChange(patch: Partial<RelayValues>): void }) {
  const id = `smtp-${name}`;
  return (
    <div className="fd-row">
      <TextField label="Host" value={relay.host} onChange={(host) => onChange({ host })} testId={`${id}-host`} error={errors[`smtp.${name}.host`]} placeholder="smtp.sendgrid.net" />
      <TextField label="Port" value={relay.port} onChange={(port) => onChange({ port })} testId={`${id}-port`} error={errors[`smtp.${name}.port`]} />
      <TextField label="User" value={relay.user} onChange={(user) => onChange({ user })} testId={`${id}-user`} error={errors[`smtp.${name}.user`]} />
      <TextField
        label="Password"
        type="password"
        value={relay.password}
        onChange={(password) => onChange({ password })}
        testId={`${id}-password`}
        error={errors[`smtp.${name}.password`]}
        placeholder={relay.hasPassword ? 'saved — type to replace' : ''}
        autoComplete="new-password"
      />
      <Checkbox className="fd-shrink fd-checkbox-aligned" label="TLS" checked={relay.secure} onChange={(e) => onChange({ secure: e.currentTarget.checked })} data-testid={`${id}-secure`} />
    </div>
  );
}
