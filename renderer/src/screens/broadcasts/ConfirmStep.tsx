/** The last check before sending: exactly how many receive it on which channel, how many are held or excluded and why. */
import { Button, Callout, H4, Intent } from '@blueprintjs/core';
import type { CallError } from '../../../../shared/ipc/result';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { CHANNEL_NAMES, excludedTotal, heldTotal, recipients, type AudienceCount } from './broadcast-model';
import type { Channel } from '../../../../shared/domain';
import type { ChannelPreview } from '../../../../shared/contract/broadcast-audience';
import { ChannelPreviews } from './ChannelPreviews';

interface Props {
  name: string;
  templateName: string;
  purpose: 'transactional' | 'marketing';
  count: AudienceCount;
  /** Per channel: the message as it will be sent, segments and cost. */
  channels: ChannelPreview[];
  scheduleText: string;
  emergency: boolean;
  submitting: boolean;
  error: CallError | undefined;
  onBack(): void;
  onConfirm(): void;
}

export function ConfirmStep({ name, templateName, purpose, count, channels: previews, scheduleText, emergency, submitting, error, onBack, onConfirm }: Props) {
  const n = recipients(count);
  const held = heldTotal(count);
  const excluded = excludedTotal(count);
  const channels = (Object.entries(count.byChannel) as [Channel, number][]).filter(([, k]) => k > 0);
  return (
    <div data-testid="broadcast-confirm">
      <H4>Send “{name}”?</H4>
      <p>
        Template <strong>{templateName}</strong> · {purpose === 'marketing' ? 'marketing: only patients who opted in to the channel' : 'transactional'} · {scheduleText}
        {emergency && ' · emergency: quiet hours and the daily cap do not apply'}
      </p>
      {!count.hasBreakdown && (
        <Callout intent={Intent.WARNING} icon="info-sign" className="fd-gap-bottom" data-testid="confirm-no-breakdown">
          <strong data-testid="confirm-matched-count">{count.matched}</strong> {count.matched === 1 ? 'patient matches' : 'patients match'} the audience. For
          audiences this large the core gives the count only: who is held for quiet hours or excluded (opted out, suppressed, no contact point) shows in the
          progress once sending starts.
        </Callout>
      )}
      {count.hasBreakdown && (
      <Callout intent={Intent.PRIMARY} icon="people" className="fd-gap-bottom" data-testid="confirm-recipients">
        <strong data-testid="confirm-recipient-count">{n}</strong> {n === 1 ? 'patient' : 'patients'} will receive it{held > 0 ? ' now' : ''}
        {channels.length > 0 && ': '}
        {channels.map(([c, k], i) => (
          <span key={c}>
            {i > 0 && ', '}
            <strong data-testid={`confirm-channel-${c}`}>{k}</strong> by {CHANNEL_NAMES[c]}
          </span>
        ))}
        .
        {count.addresses !== undefined && count.addresses < count.matched && (
          <span data-testid="confirm-addresses">
            {' '}
            Families sharing a phone or email get one message: <strong>{count.addresses}</strong> {count.addresses === 1 ? 'message covers' : 'messages cover'} {count.matched} patients.
          </span>
        )}
      </Callout>
      )}
      {held > 0 && (
        <Callout intent={Intent.WARNING} icon="time" className="fd-gap-bottom" data-testid="confirm-held">
          <strong data-testid="confirm-held-count">{held}</strong> {held === 1 ? 'is' : 'are'} held and sent later:
          <ul>
            {count.held.map((h) => (
              <li key={h.reason} data-testid={`confirm-held-${h.reason}`}>
                <strong>{h.count}</strong> — {h.label}
              </li>
            ))}
          </ul>
        </Callout>
      )}
      {excluded > 0 && (
        <Callout intent={Intent.DANGER} icon="blocked-person" className="fd-gap-bottom" data-testid="confirm-excluded">
          <strong data-testid="confirm-excluded-count">{excluded}</strong> will not receive it:
          <ul>
            {count.excluded.map((x) => (
              <li key={x.reason} data-testid={`confirm-excluded-${x.reason}`}>
                <strong>{x.count}</strong> — {x.label}
              </li>
            ))}
          </ul>
        </Callout>
      )}
      <ChannelPreviews channels={previews} />
      <ErrorCallout error={error} title="The broadcast was not started" testId="broadcast-send-error" />
      <div className="fd-row">
        <Button icon="arrow-left" text="Back" onClick={onBack} disabled={submitting} data-testid="confirm-back" />
        <Button intent={Intent.PRIMARY} icon="send-message" text={n + held === 0 ? 'Nobody to send to' : `Confirm and ${scheduleText.startsWith('Now') ? 'send' : 'schedule'}`} loading={submitting} disabled={n + held === 0} onClick={onConfirm} data-testid="confirm-send" />
      </div>
    </div>
  );
}
