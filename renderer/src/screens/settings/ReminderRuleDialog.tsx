/** Create or edit a reminder rule: name, offset, channels, template, only-if-unconfirmed, enabled. */
import { Button, Checkbox, ControlGroup, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain';
import type { ReminderRuleView } from '../../../../shared/contract/reminders';
import type { TemplateSummary } from '../../../../shared/contract/templates';
import { useSubmit } from '../../ipc/useSubmit';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, withoutPath, type FieldErrors } from '../../forms/issues';
import { splitOffset, UNIT_MINUTES, type OffsetUnit } from './offset';
import { CHANNEL_LABELS } from '../../lib/channels';


export function ReminderRuleDialog({ rule, templates, onClose, onSaved }: { rule?: ReminderRuleView; templates: TemplateSummary[]; onClose(): void; onSaved(): void }) {
  const initialOffset = splitOffset(rule?.offsetMinutes ?? 24 * 60);
  const [name, setName] = useState(rule?.name ?? '');
  const [amount, setAmount] = useState(String(initialOffset.amount));
  const [unit, setUnit] = useState<OffsetUnit>(initialOffset.unit);
  const [channels, setChannels] = useState<Channel[]>(rule?.channels ?? ['sms']);
  const [templateId, setTemplateId] = useState<number | null>(rule?.templateId ?? null);
  const [onlyIfUnconfirmed, setOnlyIfUnconfirmed] = useState(rule?.onlyIfUnconfirmed ?? false);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const create = useSubmit('reminders.createRule');
  const update = useSubmit('reminders.updateRule');
  const saving = rule ? update : create;

  const offsetMinutes = /^\d+$/.test(amount.trim()) ? Number(amount) * UNIT_MINUTES[unit] : NaN;
  const local: FieldErrors = {};
  if (name.trim() === '') local.name = 'Name is required';
  if (!Number.isFinite(offsetMinutes) || offsetMinutes < 5) local.offsetMinutes = 'At least 5 minutes before';
  else if (offsetMinutes > 30 * 24 * 60) local.offsetMinutes = 'At most 30 days before';
  if (channels.length === 0) local.channels = 'Pick at least one channel';
  const errorOf = (path: string) => (attempted ? local[path] : undefined) ?? serverErrors[path];

  const toggleChannel = (channel: Channel, on: boolean) => {
    setChannels((current) => (on ? CHANNELS.filter((c) => c === channel || current.includes(c)) : current.filter((c) => c !== channel)));
    setServerErrors((e) => withoutPath(e, 'channels'));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(local).length > 0) return;
    const fields = { name: name.trim(), offsetMinutes, channels, templateId, onlyIfUnconfirmed, enabled };
    const result = rule ? await update.submit({ id: rule.id, ...fields }) : await create.submit(fields);
    if (result.ok) onSaved();
    else setServerErrors(issuesByPath(result.error));
  };

  const usable = templates.filter((t) => !t.archived || t.id === templateId);
  return (
    <Dialog isOpen onClose={onClose} title={rule ? `Edit “${rule.name}”` : 'New reminder rule'} icon="notifications">
      <form onSubmit={onSubmit} noValidate data-testid="reminder-rule-form">
        <DialogBody>
          <TextField label="Name" value={name} onChange={(v) => { setName(v); setServerErrors((e) => withoutPath(e, 'name')); }} autoFocus required testId="rule-name" error={errorOf('name')} placeholder="SMS the day before" />
          <FormGroup label="Send" labelFor="rule-offset" intent={errorOf('offsetMinutes') ? Intent.DANGER : Intent.NONE} helperText={errorOf('offsetMinutes') ?? 'before the appointment starts'}>
            <ControlGroup>
              <InputGroup id="rule-offset" value={amount} onValueChange={(v) => { setAmount(v); setServerErrors((e) => withoutPath(e, 'offsetMinutes')); }} inputMode="numeric" intent={errorOf('offsetMinutes') ? Intent.DANGER : Intent.NONE} data-testid="rule-offset" />
              <HTMLSelect value={unit} onChange={(e) => setUnit(e.currentTarget.value === 'days' ? 'days' : e.currentTarget.value === 'hours' ? 'hours' : 'minutes')} options={['minutes', 'hours', 'days']} aria-label="Unit" data-testid="rule-offset-unit" />
            </ControlGroup>
          </FormGroup>
          <FormGroup label="Channels" intent={errorOf('channels') ? Intent.DANGER : Intent.NONE} helperText={errorOf('channels') ?? 'Tried in this order, within each patient’s preferences and consent.'}>
            {CHANNELS.map((c) => (
              <Checkbox key={c} inline label={CHANNEL_LABELS[c]} checked={channels.includes(c)} onChange={(e) => toggleChannel(c, e.currentTarget.checked)} data-testid={`rule-channel-${c}`} />
            ))}
          </FormGroup>
          <FormGroup label="Template" labelFor="rule-template" helperText={serverErrors.templateId}>
            <HTMLSelect
              id="rule-template"
              fill
              value={templateId === null ? '' : String(templateId)}
              onChange={(e) => setTemplateId(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
              options={[{ value: '', label: 'Built-in reminder text' }, ...usable.map((t) => ({ value: String(t.id), label: `${t.name} (${t.category.replace('_', ' ')})` }))]}
              data-testid="rule-template"
            />
          </FormGroup>
          <Checkbox label="Only if the appointment is not confirmed yet" checked={onlyIfUnconfirmed} onChange={(e) => setOnlyIfUnconfirmed(e.currentTarget.checked)} data-testid="rule-only-unconfirmed" />
          <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} data-testid="rule-enabled" />
          <ErrorCallout error={saving.error} extra={unplacedIssues(serverErrors, (p) => ['name', 'offsetMinutes', 'channels', 'templateId'].includes(p))} title="The rule was not saved" />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button type="submit" intent={Intent.PRIMARY} text={rule ? 'Save changes' : 'Create rule'} loading={saving.submitting} data-testid="rule-save" />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
