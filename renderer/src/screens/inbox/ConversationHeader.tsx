/** The open conversation's header: who, where, status, assignee and the triage buttons. */
import { ButtonGroup, Intent, Tag, Tooltip } from '@blueprintjs/core';
import { LightTag } from './LightTag';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { ChannelIcon } from './ChannelIcon';
import { LightButton } from './LightButton';
import { formatStamp } from './format';

interface Props {
  conversation: ConversationSummary;
  myStaffId: number;
  timeZone: string;
  busy: boolean;
  onAssignToMe(): void;
  onResolve(): void;
  onSnooze(): void;
  onClearFlag(): void;
  onOpenPhone(): void;
}

export function ConversationHeader({ conversation: c, myStaffId, timeZone, busy, onAssignToMe, onResolve, onSnooze, onClearFlag, onOpenPhone }: Props) {
  const mine = c.assigneeStaffId === myStaffId;
  return (
    <div className="fd-thread-header" data-testid="thread-header">
      <div className="fd-thread-title">
        <h3 data-testid="thread-title">{c.title}</h3>
        {c.members.length > 1 && (
          <span className="fd-household" data-testid="thread-members" aria-label="Household">
            {c.members.map((m) => (
              <LightTag key={m.id} round icon="person" data-testid="thread-member">
                {m.firstName} {m.lastName}
              </LightTag>
            ))}
          </span>
        )}
        <span className="fd-muted">{c.address}</span>
        {c.channels.map((ch) => (
          <ChannelIcon key={ch} channel={ch} size={14} />
        ))}
        <LightTag intent={c.status === 'resolved' ? Intent.SUCCESS : c.status === 'snoozed' ? Intent.WARNING : Intent.PRIMARY} data-testid="thread-status">
          {c.status === 'snoozed' && c.snoozedUntil ? `snoozed until ${formatStamp(c.snoozedUntil, timeZone)}` : c.status}
        </LightTag>
        {c.assigneeName && (
          <LightTag icon="person" data-testid="thread-assignee">
            {mine ? 'You' : c.assigneeName}
          </LightTag>
        )}
        {c.flag && (
          <Tag intent={Intent.WARNING} onRemove={onClearFlag} data-testid="thread-flag">
            {c.flag === 'reschedule' ? 'Wants to reschedule' : c.flag === 'confirm_unmatched' ? 'Confirmation to check' : 'May want to opt out'}
          </Tag>
        )}
        {c.whatsappWindowEndsAt !== null && (
          <Tooltip content="WhatsApp free-form replies are allowed until this time; after it only approved templates." compact>
            <LightTag icon="time" tabIndex={0}>
              WhatsApp window until {formatStamp(c.whatsappWindowEndsAt, timeZone)}
            </LightTag>
          </Tooltip>
        )}
      </div>
      <ButtonGroup>
        <LightButton icon="person" text={mine ? 'Unassign' : 'Assign to me'} title="a" disabled={busy} onClick={onAssignToMe} data-testid="assign-me" />
        <LightButton icon="time" text="Snooze" title="s" disabled={busy} onClick={onSnooze} data-testid="snooze" />
        <LightButton
          icon={c.status === 'resolved' ? 'refresh' : 'tick'}
          intent={c.status === 'resolved' ? Intent.NONE : Intent.SUCCESS}
          text={c.status === 'resolved' ? 'Reopen' : 'Resolve'}
          title="e"
          disabled={busy}
          onClick={onResolve}
          data-testid="resolve"
        />
        <LightButton icon="mobile-phone" title="Training phone (t)" aria-label="Open the training phone" onClick={onOpenPhone} />
      </ButtonGroup>
    </div>
  );
}
