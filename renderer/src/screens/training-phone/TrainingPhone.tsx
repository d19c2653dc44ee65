/**
 * The training phone: with the sandbox provider nothing leaves the building. Staff pick who to
 * be — any patient (by name) or a brand-new number — and see that phone's whole history in the
 * order it happened: what the clinic sent it and what was sent from it. Replies go through
 * `sandbox.replyAsPatient`, exactly as a real patient's message would arrive.
 */
import { Button, Callout, HTMLSelect, InputGroup, Intent, NonIdealState, Tag, TextArea } from '@blueprintjs/core';
import { useId, useState } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain';
import { useApi } from '../../ipc/ApiContext';
import { useQuery } from '../../ipc/useQuery';
import { useClinic } from '../../lib/ClinicContext';
import { formatPhone } from '../../lib/phone-format';
import { useDebounced } from '../../lib/useDebounced';
import { CHANNEL_LABEL, ChannelIcon } from '../inbox/ChannelIcon';
import { isSendCombo } from '../inbox/Composer';
import { deliveryIntent, deliveryLabel } from '../inbox/delivery-state';
import { formatStamp } from '../inbox/format';
import { callErrorText } from '../inbox/send-outcome';
import './training-phone.css';

interface Props {
  /** Start as this address (the open conversation's phone). */
  preferAddress?: string | null;
  timeZone: string;
}

const REFRESH = ['message.created', 'delivery.updated', 'conversation.updated'] as const;

export function TrainingPhone({ preferAddress = null, timeZone }: Props) {
  const api = useApi();
  const listId = useId();
  const { settings } = useClinic();
  const [typed, setTyped] = useState(preferAddress ?? '');
  const address = useDebounced(typed.trim(), 250);
  const [channelChoice, setChannelChoice] = useState<Channel | null>(null);
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);

  const contacts = useQuery('trainingPhone.contacts', {}, { refreshOn: ['patients.changed'] });
  const history = useQuery('trainingPhone.history', { address: address.length >= 3 ? address : 'none' }, { enabled: address.length >= 3, refreshOn: REFRESH });
  const items = address.length >= 3 ? (history.value?.items ?? []) : [];
  const isEmail = address.includes('@');
  const lastChannel = items[items.length - 1]?.channel;
  const channel: Channel = isEmail ? 'email' : (channelChoice ?? (lastChannel && lastChannel !== 'email' && lastChannel !== 'voice' ? lastChannel : 'sms'));
  const names = history.value?.names ?? [];
  const readable = history.value ? (isEmail ? history.value.address : formatPhone(history.value.address, settings.defaultCountry)) : '';

  const reply = async () => {
    const text = body.trim();
    if (!text || address.length < 3 || sending) return;
    setSending(true);
    setSendError(null);
    try {
      const result = await api.call('sandbox.replyAsPatient', { channel, address, body: text });
      if (!result.ok) {
        setSendError(callErrorText(result.error));
        return;
      }
      setBody('');
      history.reload();
      contacts.reload();
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="fd-phone" data-testid="training-phone">
      <div className="fd-phone-top">
        <InputGroup
          fill
          leftIcon="mobile-phone"
          value={typed}
          onValueChange={(v) => {
            setTyped(v);
            setSendError(null);
          }}
          placeholder="Be a patient (type a name) or a new number"
          aria-label="Text as: a patient’s number or a new number"
          list={listId}
          data-testid="phone-address"
        />
        <datalist id={listId}>
          {(contacts.value?.items ?? []).map((c) => (
            <option key={`${c.address}-${c.patientId ?? 0}`} value={c.address} label={c.name ? `${c.name} · ${c.kind === 'email' ? c.address : formatPhone(c.address, settings.defaultCountry)}` : 'Not a patient yet'} />
          ))}
        </datalist>
      </div>
      <div className="fd-phone-who" data-testid="phone-who">
        {address.length < 3 && <span className="fd-muted">Choose a patient, or type any number to text the clinic as someone new.</span>}
        {history.error && address.length >= 3 && <span className="fd-error-text">{callErrorText(history.error)}</span>}
        {history.value && !history.error && (
          <>
            <strong>{names.length > 0 ? names.join(', ') : 'Not a patient yet'}</strong> <span className="fd-muted">{readable}</span>{' '}
            <Tag minimal>{items.filter((i) => i.direction === 'outbound').length} received</Tag>
          </>
        )}
      </div>
      <div className="fd-phone-screen" role="log" aria-label={`Messages on the phone ${readable}`} data-testid="phone-messages">
        {items.length === 0 && (
          <NonIdealState icon="inbox" title="Nothing here yet" description={address.length >= 3 ? 'Write below to text the clinic as this number.' : 'Messages sent with the sandbox provider appear here.'} />
        )}
        {items.map((m) =>
          m.direction === 'outbound' ? (
            <div key={m.messageId} className="fd-phone-msg fd-phone-in" data-testid="phone-received">
              {m.subject && <div className="fd-msg-subject">{m.subject}</div>}
              <div className="fd-msg-body">{m.body}</div>
              <div className="fd-msg-meta">
                <ChannelIcon channel={m.channel} />
                {formatStamp(m.at, timeZone)}
                {m.state && (
                  <Tag minimal intent={deliveryIntent(m.state)}>
                    {deliveryLabel(m.state)}
                  </Tag>
                )}
              </div>
            </div>
          ) : (
            <div key={m.messageId} className="fd-phone-msg fd-phone-out" data-testid="phone-sent">
              <div className="fd-msg-body">{m.body}</div>
              <div className="fd-msg-meta">
                <ChannelIcon channel={m.channel} /> {formatStamp(m.at, timeZone)} · sent as the patient
              </div>
            </div>
          ),
        )}
      </div>
      <div className="fd-phone-reply">
        {!isEmail && (
          <HTMLSelect
            minimal
            aria-label="Reply channel"
            value={channel}
            onChange={(e) => setChannelChoice(e.currentTarget.value as Channel)}
            options={CHANNELS.filter((c) => c !== 'voice' && c !== 'email').map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))}
          />
        )}
        <TextArea
          autoFocus
          fill
          rows={2}
          value={body}
          disabled={address.length < 3}
          placeholder="Write as the patient — Ctrl+Enter to send, Esc to close"
          aria-label="Write as the patient"
          data-testid="phone-reply"
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isSendCombo(e)) {
              e.preventDefault();
              void reply();
            }
          }}
        />
        <Button intent={Intent.PRIMARY} icon="send-message" text="Send" loading={sending} disabled={!body.trim() || address.length < 3} onClick={() => void reply()} data-testid="phone-send" />
      </div>
      {sendError && (
        <Callout intent={Intent.DANGER} compact role="alert" data-testid="phone-error">
          {sendError}
        </Callout>
      )}
    </div>
  );
}
