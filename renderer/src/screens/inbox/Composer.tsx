/**
 * Reply or internal note. Reply: channel switch, quick replies, template picker, SMS segment
 * counter with cost; Ctrl/Cmd+Enter sends through the engine's `messages.send` and the result
 * (queued, held and why, refused and why) is shown under the box. Note: `inbox.addNote`.
 */
import { Button, ButtonGroup, Callout, HTMLSelect, Intent, SegmentedControl, TextArea } from '@blueprintjs/core';
import { useState, type RefObject } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { bodyProblem } from '../../../../shared/compose';
import { formatDateTime } from '../../../../shared/datetime';
import { useApi } from '../../ipc/ApiContext';
import { useWhere } from '../../lib/useWhere';
import { CHANNEL_LABEL } from './ChannelIcon';
import { SegmentCounter } from './SegmentCounter';
import { callErrorText, sendOutcome, type Outcome } from './send-outcome';
import { useSendCheck } from './useSendCheck';
import { TemplatePickerDialog } from './TemplatePicker';
import { QuickReplyDialog } from './QuickReplyDialog';

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
  /** The quick-reply picker (q opens it from the inbox). */
  quickOpen: boolean;
  onQuickOpenChange(open: boolean): void;
}

export function isSendCombo(e: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}

export function Composer({ conversation, defaultChannel, inputRef, mode, onModeChange, onDone, quickOpen, onQuickOpenChange }: Props) {
  const api = useApi();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const draftKey = `${conversation.id}:${mode}`;
  const body = drafts[draftKey] ?? '';
  const setBody = (text: string) => setDrafts((d) => ({ ...d, [draftKey]: text }));
  const [channelChoice, setChannelChoice] = useState<{ conversationId: number; channel: Channel } | null>(null);
  const channel = channelChoice?.conversationId === conversation.id ? channelChoice.channel : defaultChannel;
  const [busy, setBusy] = useState(false);
  // What the last send or save said, kept per conversation: it never shows on another one.
  const [outcomes, setOutcomes] = useState<Record<number, Outcome | undefined>>({});
  const outcome = outcomes[conversation.id] ?? null;
  const setOutcome = (value: Outcome | null) => setOutcomes((all) => ({ ...all, [conversation.id]: value ?? undefined }));
  const [pickerOpen, setPickerOpen] = useState(false);
  const where = useWhere();

  const canSendTo = conversation.patientId !== null || conversation.address !== null;
  const problem = mode === 'note' ? (body.trim() ? null : 'Write something first') : bodyProblem(channel, body);
  const check = useSendCheck(conversation, channel, mode === 'reply' && canSendTo);

  const submit = async () => {
    const text = body.trim();
    if (!text || busy || problem) return;
    setBusy(true);
    setOutcome(null);
    try {
      if (mode === 'note') {
        const result = await api.call('inbox.addNote', { conversationId: conversation.id, body: text });
        if (!result.ok) {
          setOutcome({ intent: Intent.DANGER, text: callErrorText(result.error) });
          return;
        }
        setBody('');
        setOutcome(null);
        onDone('note');
        return;
      }
      const to =
        conversation.patientId !== null
          ? { patientId: conversation.patientId }
          : { address: conversation.address ?? '', channel };
      const result = await api.call('messages.send', { to, channel, body: text, purpose: 'transactional' });
      if (!result.ok) {
        setOutcome({ intent: Intent.DANGER, text: callErrorText(result.error) });
        return;
      }
      const value = result.value;
      setOutcome(sendOutcome(value, channel, (at) => formatDateTime(at, where)));
      if (value.status === 'refused') return;
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
            <ButtonGroup minimal className="fd-push-right">
              <Button small icon="lightning" text="Quick reply…" title="Quick reply (q)" onClick={() => onQuickOpenChange(true)} data-testid="quick-open" />
              <Button small icon="document" text="Template…" onClick={() => setPickerOpen(true)} />
            </ButtonGroup>
          </>
        )}
      </div>
      {check && check.verdict !== 'send' && (
        <Callout
          intent={check.verdict === 'refuse' ? Intent.DANGER : Intent.WARNING}
          compact
          icon={check.verdict === 'refuse' ? 'disable' : 'time'}
          className="fd-composer-warning"
          data-testid="composer-warning"
          data-verdict={check.verdict}
        >
          {check.text}
          {check.until !== null && ` It would go at ${formatDateTime(check.until, where)}.`}
        </Callout>
      )}
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
        <span className="fd-composer-counter">
          {mode === 'reply' && channel === 'sms' && <SegmentCounter body={body} />}
          {problem && body.trim() !== '' && (
            <span className="fd-error-text" data-testid="composer-problem" role="status">
              {problem}
            </span>
          )}
        </span>
        <Button
          intent={mode === 'note' ? Intent.WARNING : Intent.PRIMARY}
          icon={mode === 'note' ? 'annotation' : 'send-message'}
          text={mode === 'note' ? 'Save note' : 'Send'}
          loading={busy}
          disabled={problem !== null || (mode === 'reply' && !canSendTo)}
          title={problem ?? undefined}
          onClick={() => void submit()}
          data-testid="composer-send"
        />
      </div>
      {outcome && (
        <Callout intent={outcome.intent} compact className="fd-composer-outcome" data-testid="composer-outcome" role="status">
          {outcome.text}
        </Callout>
      )}
      <QuickReplyDialog
        isOpen={quickOpen}
        patientId={conversation.patientId}
        channel={channel}
        onClose={() => onQuickOpenChange(false)}
        onInsert={(text) => {
          setBody(body.trim() ? `${body.trimEnd()} ${text}` : text);
          requestAnimationFrame(() => inputRef.current?.focus());
        }}
      />
      <TemplatePickerDialog isOpen={pickerOpen} patientId={conversation.patientId} channel={channel} onClose={() => setPickerOpen(false)} onUse={(text) => setBody(text)} />
    </div>
  );
}
