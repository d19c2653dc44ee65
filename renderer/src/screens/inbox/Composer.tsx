/**
 * Reply or internal note. Reply: channel switch, quick replies, template picker, SMS segment
 * counter with cost; Ctrl/Cmd+Enter sends through the engine's `messages.send` and the result
 * (queued, held and why, refused and why) is shown under the box. Note: `inbox.addNote`.
 */
import { Button, ButtonGroup, Callout, HTMLSelect, Intent, SegmentedControl, TextArea } from '@blueprintjs/core';
import { useState, type RefObject } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { useApi } from '../../ipc/ApiContext';
import { CHANNEL_LABEL } from './ChannelIcon';
import { reasonText } from './delivery-state';
import { SegmentCounter } from './SegmentCounter';
import { QuickReplies, TemplatePickerDialog } from './TemplatePicker';

export type ComposerMode = 'reply' | 'note';

interface Props {
  conversation: ConversationSummary;
  defaultChannel: Channel;
  /** The textarea, so hotkeys (r, n) can focus it. */
  inputRef: RefObject<HTMLTextAreaElement | null>;
  mode: ComposerMode;
  onModeChange(mode: ComposerMode): void;
  /** After a message was queued (with its id) or a note saved. */
  onDone(kind: ComposerMode, messageId?: number): void;
}

type Outcome = { intent: Intent; text: string } | null;

export function isSendCombo(e: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}

export function Composer({ conversation, defaultChannel, inputRef, mode, onModeChange, onDone }: Props) {
  const api = useApi();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const draftKey = `${conversation.id}:${mode}`;
  const body = drafts[draftKey] ?? '';
  const setBody = (text: string) => setDrafts((d) => ({ ...d, [draftKey]: text }));
  const [channelChoice, setChannelChoice] = useState<{ conversationId: number; channel: Channel } | null>(null);
  const channel = channelChoice?.conversationId === conversation.id ? channelChoice.channel : defaultChannel;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pickerOpen, setPickerOpen] = useState(false);

  const canSendTo = conversation.patientId !== null || conversation.address !== null;

  const submit = async () => {
    const text = body.trim();
    if (!text || busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      if (mode === 'note') {
        const result = await api.call('inbox.addNote', { conversationId: conversation.id, body: text });
        if (!result.ok) {
          setOutcome({ intent: Intent.DANGER, text: result.error.message });
          return;
        }
        setBody('');
        onDone('note');
        return;
      }
      const to =
        conversation.patientId !== null
          ? { patientId: conversation.patientId }
          : { address: conversation.address ?? '', channel };
      const result = await api.call('messages.send', { to, channel, body: text, purpose: 'transactional' });
      if (!result.ok) {
        setOutcome({ intent: Intent.DANGER, text: result.error.message });
        return;
      }
      const value = result.value;
      if (value.status === 'refused') {
        setOutcome({ intent: Intent.DANGER, text: `Not sent: ${reasonText(value.reason) ?? value.reason}${value.detail ? ` (${value.detail})` : ''}` });
        return;
      }
      if (value.status === 'queued' && value.held) {
        setOutcome({ intent: Intent.WARNING, text: `Queued but held: ${reasonText(value.held.reason) ?? value.held.reason}` });
      } else if (value.status === 'duplicate') {
        setOutcome({ intent: Intent.WARNING, text: 'This message was already sent.' });
      } else {
        setOutcome({ intent: Intent.SUCCESS, text: `Queued on ${CHANNEL_LABEL[value.channel]}` });
      }
      setBody('');
      onDone('reply', value.messageId);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`fd-composer${mode === 'note' ? ' fd-composer-note' : ''}`} data-testid="composer">
      <div className="fd-composer-bar">
        <SegmentedControl
          small
          value={mode}
          onValueChange={(v) => onModeChange(v === 'note' ? 'note' : 'reply')}
          options={[
            { label: 'Reply', value: 'reply' },
            { label: 'Internal note', value: 'note' },
          ]}
        />
        {mode === 'reply' && (
          <>
            <HTMLSelect
              minimal
              aria-label="Channel"
              data-testid="composer-channel"
              value={channel}
              onChange={(e) => setChannelChoice({ conversationId: conversation.id, channel: e.currentTarget.value as Channel })}
              options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))}
            />
            <QuickReplies patientId={conversation.patientId} channel={channel} onUse={(text) => setBody(text)} />
            <ButtonGroup minimal className="fd-push-right">
              <Button small icon="document" text="Template…" onClick={() => setPickerOpen(true)} />
            </ButtonGroup>
          </>
        )}
      </div>
      <TextArea
        inputRef={inputRef}
        fill
        rows={3}
        value={body}
        aria-label={mode === 'note' ? 'Internal note' : `Reply by ${CHANNEL_LABEL[channel]}`}
        placeholder={mode === 'note' ? 'Write an internal note (never sent) — Ctrl+Enter to save' : 'Write a reply — Ctrl+Enter to send, Esc to leave'}
        data-testid="composer-body"
        onChange={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (isSendCombo(e)) {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') {
            e.currentTarget.blur();
          }
        }}
      />
      <div className="fd-composer-foot">
        {mode === 'reply' && channel === 'sms' ? <SegmentCounter body={body} /> : <span />}
        <Button
          intent={mode === 'note' ? Intent.WARNING : Intent.PRIMARY}
          icon={mode === 'note' ? 'annotation' : 'send-message'}
          text={mode === 'note' ? 'Save note' : 'Send'}
          loading={busy}
          disabled={!body.trim() || (mode === 'reply' && !canSendTo)}
          onClick={() => void submit()}
          data-testid="composer-send"
        />
      </div>
      {outcome && (
        <Callout intent={outcome.intent} compact className="fd-composer-outcome" data-testid="composer-outcome" role="status">
          {outcome.text}
        </Callout>
      )}
      <TemplatePickerDialog isOpen={pickerOpen} patientId={conversation.patientId} channel={channel} onClose={() => setPickerOpen(false)} onUse={(text) => setBody(text)} />
    </div>
  );
}
