/** Reminder rules (DESIGN section 6): everyone sees them; managers and admins change them. */
import { Alert, Button, HTMLTable, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { ReminderRuleView } from '../../../../shared/contract/reminders';
import { roleAllows } from '../../../../shared/ipc/define';
import { useAuth } from '../../auth/AuthContext';
import { useQuery } from '../../ipc/useQuery';
import { useSubmit } from '../../ipc/useSubmit';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { describeOffset } from './offset';
import { CHANNEL_LABELS } from '../../lib/channels';
import { ReminderRuleDialog } from './ReminderRuleDialog';

type Editing = { kind: 'new' } | { kind: 'edit'; rule: ReminderRuleView } | { kind: 'delete'; rule: ReminderRuleView } | null;

export function ReminderRules() {
  const { staff } = useAuth();
  const canEdit = roleAllows(staff.role, 'manager');
  const rules = useQuery('reminders.listRules', {});
  const templates = useQuery('templates.list', {});
  const remove = useSubmit('reminders.deleteRule');
  const [editing, setEditing] = useState<Editing>(null);
  const templateName = (id: number | null) => (id === null ? 'Built-in reminder text' : (templates.value?.items.find((t) => t.id === id)?.name ?? `Template #${id}`));

  return (
    <div data-testid="reminder-rules">
      <div className="fd-screen-header">
        <span className="fd-muted">Reminders go out on their own before each appointment, respecting quiet hours, caps and consent.</span>
        {canEdit && <Button icon="add" intent={Intent.PRIMARY} text="New rule" onClick={() => setEditing({ kind: 'new' })} data-testid="new-reminder-rule" />}
      </div>
      <ErrorCallout error={rules.error} title="The reminder rules could not be loaded" />
      <ErrorCallout error={remove.error} title="The rule was not deleted" />
      {!rules.value && !rules.error && <NonIdealState icon={<Spinner />} title="Loading reminder rules…" />}
      {rules.value && rules.value.length === 0 && <NonIdealState icon="notifications" title="No reminder rules" description="Without a rule, no reminder is sent." />}
      {rules.value && rules.value.length > 0 && (
        <HTMLTable className="fd-table" compact striped data-testid="reminder-rule-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>When</th>
              <th>Channels</th>
              <th>Template</th>
              <th>Condition</th>
              <th>Status</th>
              {canEdit && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {rules.value.map((rule) => (
              <tr key={rule.id} data-testid="reminder-rule-row">
                <td>{rule.name}</td>
                <td>{describeOffset(rule.offsetMinutes)}</td>
                <td>{rule.channels.map((c) => CHANNEL_LABELS[c]).join(', ')}</td>
                <td>{templateName(rule.templateId)}</td>
                <td>{rule.onlyIfUnconfirmed ? 'only if unconfirmed' : 'always'}</td>
                <td>{rule.enabled ? <Tag minimal intent={Intent.SUCCESS}>on</Tag> : <Tag minimal>off</Tag>}</td>
                {canEdit && (
                  <td>
                    <Button small variant="minimal" icon="edit" text="Edit" onClick={() => setEditing({ kind: 'edit', rule })} />
                    <Button small variant="minimal" icon="trash" intent={Intent.DANGER} aria-label={`Delete ${rule.name}`} onClick={() => setEditing({ kind: 'delete', rule })} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      {(editing?.kind === 'new' || editing?.kind === 'edit') && (
        <ReminderRuleDialog
          rule={editing.kind === 'edit' ? editing.rule : undefined}
          templates={templates.value?.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rules.reload();
          }}
        />
      )}
      {editing?.kind === 'delete' && (
        <Alert
          isOpen
          intent={Intent.DANGER}
          icon="trash"
          confirmButtonText="Delete rule"
          cancelButtonText="Keep it"
          canEscapeKeyCancel
          loading={remove.submitting}
          onCancel={() => setEditing(null)}
          onConfirm={async () => {
            const result = await remove.submit({ id: editing.rule.id });
            setEditing(null);
            if (result.ok) rules.reload();
          }}
        >
          Delete the rule “{editing.rule.name}”? Reminders already queued by it stay queued.
        </Alert>
      )}
    </div>
  );
}
