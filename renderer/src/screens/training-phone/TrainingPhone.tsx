/**
 * The training phone: with the sandbox provider nothing leaves the building, and this panel
 * shows what each patient would have received, by number or address, and lets staff answer as
 * that patient (`sandbox.replyAsPatient`), exactly as a real reply would arrive.
 */
import { Button, Callout, HTMLSelect, Intent, NonIdealState, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain';
import { useApi } from '../../ipc/ApiContext';
import { CHANNEL_LABEL, ChannelIcon } from '../inbox/ChannelIcon';
import { isSendCombo } from '../inbox/Composer';
import { deliveryIntent, deliveryLabel } from '../inbox/delivery-state';
import { formatStamp } from '../inbox/format';
import { useSandboxInbox, type SandboxItem } from './useSandboxInbox';
import './training-phone.css';

interface SentReply {
  key: string;
  address: string;
  channel: Channel;
  body: string;
  at: number;
}

interface Props {
  /** Start on this address (the open conversation's patient), when it has messages. */
  preferAddress?: string | null;
  timeZone: string;
  enabled?: boolean;
}

export function TrainingPhone({ preferAddress = null, timeZone, enabled = true }: Props) {
  const api = useApi();
  const { items, error } = useSandboxInbox(enabled);
  const [chosenAddress, setChosenAddress] = useState<string | null>(null);
  const [channelChoice, setChannelChoice] = useState<Channel | null>(null);
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sent, setSent] = useState<SentReply[]>([]);

  const addresses = useMemo(() => {
    const seen: string[] = [];
    for (const item of items ?? []) if (!seen.includes(item.address)) seen.push(item.address);
    return seen;
  }, [items]);
  const address = chosenAddress ?? (preferAddress && addresses.includes(preferAddress) ? preferAddress : (addresses[0] ?? preferAddress ?? ''));
  const received = useMemo(() => (items ?? []).filter((i) => i.address === address), [items, address]);
  const lastChannel = received[received.length - 1]?.channel ?? received[0]?.channel;
  const channel = channelChoice ?? lastChannel ?? 'sms';

  const timeline = useMemo(() => {
    const rows: Array<{ key: string; at: number; item?: SandboxItem; reply?: SentReply }> = received.map((item) => ({
      key: `d${item.deliveryId}`,
      at: item.sentAt ?? 0,
      item,
    }));
    for (const reply of sent) if (reply.address === address) rows.push({ key: reply.key, at: reply.at, reply });
    return rows.sort((a, b) => a.at - b.at);
  }, [received, sent, address]);

  const reply = async () => {
    const text = body.trim();
    if (!text || !address || sending) return;
    setSending(true);
    setSendError(null);
    try {
      const result = await api.call('sandbox.replyAsPatient', { channel, address, body: text });
      if (!result.ok) {
        setSendError(result.error.message);
        return;
      }
      setSent((list) => [...list, { key: `r${result.value.messageId}`, address, channel, body: text, at: Date.now() }]);
      setBody('');
    } finally {
      setSending(false);
    }
  };

  if (error && !items) {
    return <Callout intent={Intent.DANGER} title="The training phone could not be read">{error.message}</Callout>;
  }
  if (!items) return <NonIdealState icon={<Spinner />} title="Loading the training phone…" />;

  return (
    <div className="fd-phone" data-testid="training-phone">
      <div className="fd-phone-top">
        <HTMLSelect
          aria-label="Patient number or address"
          value={address}
          onChange={(e) => setChosenAddress(e.currentTarget.value)}
          options={addresses.length > 0 ? addresses : [address || 'No messages yet']}
          data-testid="phone-address"
        />
        <Tag minimal>{received.length} received</Tag>
      </div>
      <div className="fd-phone-screen" role="log" aria-label={`Messages received by ${address}`} data-testid="phone-messages">
        {timeline.length === 0 && <NonIdealState icon="inbox" title="Nothing received yet" description="Messages sent with the sandbox provider appear here." />}
        {timeline.map((row) =>
          row.item ? (
            <div key={row.key} className="fd-phone-msg fd-phone-in" data-testid="phone-received">
              {row.item.subject && <div className="fd-msg-subject">{row.item.subject}</div>}
              <div className="fd-msg-body">{row.item.body}</div>
              <div className="fd-msg-meta">
                <ChannelIcon channel={row.item.channel} />
                {row.item.sentAt ? formatStamp(row.item.sentAt, timeZone) : 'not sent yet'}
                <Tag minimal intent={deliveryIntent(row.item.state)}>
                  {deliveryLabel(row.item.state)}
                </Tag>
              </div>
            </div>
          ) : row.reply ? (
            <div key={row.key} className="fd-phone-msg fd-phone-out" data-testid="phone-sent">
              <div className="fd-msg-body">{row.reply.body}</div>
              <div className="fd-msg-meta">
                <ChannelIcon channel={row.reply.channel} /> sent as the patient
              </div>
            </div>
          ) : null,
        )}
      </div>
      <div className="fd-phone-reply">
        <HTMLSelect
          minimal
          aria-label="Reply channel"
          value={channel}
          onChange={(e) => setChannelChoice(e.currentTarget.value as Channel)}
          options={CHANNELS.filter((c) => c !== 'voice').map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))}
        />
        <TextArea
          autoFocus
          fill
          rows={2}
          value={body}
          disabled={!address}
          placeholder="Reply as the patient — Ctrl+Enter to send"
          aria-label="Reply as the patient"
          data-testid="phone-reply"
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isSendCombo(e)) {
              e.preventDefault();
              void reply();
            }
          }}
        />
        <Button intent={Intent.PRIMARY} icon="send-message" text="Send" loading={sending} disabled={!body.trim() || !address} onClick={() => void reply()} data-testid="phone-send" />
      </div>
      {sendError && (
        <Callout intent={Intent.DANGER} compact role="alert">
          {sendError}
        </Callout>
      )}
    </div>
  );
}
