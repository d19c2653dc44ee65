/** "Send test": queues one message through the configured provider and says what happened to it. */
import { Button, Callout, ControlGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain';
import type { OutputOf } from '../../../../shared/contract';
import { useSubmit } from '../../ipc/useSubmit';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { CHANNEL_LABELS } from '../../lib/channels';
import { formatDateTime, type Where } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';

function describeOutcome(outcome: OutputOf<'providers.sendTest'>, where: Where): { intent: Intent; text: string } {
  switch (outcome.status) {
    case 'queued':
      return outcome.held
        ? { intent: Intent.WARNING, text: `Queued but held (${outcome.held.reason.replace(/_/g, ' ')})${outcome.held.until ? ` until ${formatDateTime(outcome.held.until, where)}` : ''}.` }
        : { intent: Intent.SUCCESS, text: `Queued on ${CHANNEL_LABELS[outcome.channel]}. Watch its delivery status in the inbox or the dashboard.` };
    case 'refused':
      return { intent: Intent.DANGER, text: `Refused: ${outcome.detail || outcome.reason}` };
    case 'duplicate':
      return { intent: Intent.WARNING, text: 'The same test was already sent.' };
  }
}

export function SendTestForm() {
  const [channel, setChannel] = useState<Channel>('sms');
  const [address, setAddress] = useState('');
  const send = useSubmit('providers.sendTest');
  const where = useWhere();
  const [outcome, setOutcome] = useState<OutputOf<'providers.sendTest'> | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const result = await send.submit({ channel, address: address.trim() });
    if (result.ok) setOutcome(result.value);
  };
  const described = outcome ? describeOutcome(outcome, where) : null;

  return (
    <form onSubmit={onSubmit} noValidate data-testid="send-test-form">
      <ControlGroup>
        <HTMLSelect aria-label="Channel" value={channel} onChange={(e) => setChannel(CHANNELS.find((c) => c === e.currentTarget.value) ?? 'sms')} options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} data-testid="send-test-channel" />
        <InputGroup aria-label="Address" placeholder={channel === 'email' ? 'you@example.com' : '+1 555 123 4567'} value={address} onValueChange={setAddress} data-testid="send-test-address" />
        <Button type="submit" icon="send-message" text="Send test" loading={send.submitting} disabled={address.trim().length < 3} data-testid="send-test-submit" />
      </ControlGroup>
      <ErrorCallout error={send.error} title="The test was not queued" />
      {described && (
        <Callout intent={described.intent} className="fd-callout" data-testid="send-test-outcome">
          {described.text}
        </Callout>
      )}
    </form>
  );
}
