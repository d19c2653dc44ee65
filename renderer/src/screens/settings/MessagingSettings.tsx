/**
 * Messaging (the scheduler's settings): reply keywords and auto-replies, appointment notices, the
 * clinic mailbox read for email replies and bounces, backups and message retention. Admins change
 * them; managers see them read-only; receptionists see only the fixed keywords and the HELP reply.
 * The mailbox password is write-only: the form shows only whether one is saved.
 */
import { Button, Callout, Checkbox, H4, HTMLTable, Intent, NonIdealState, Spinner, Switch, Tag } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { SchedulerSettingsView } from '../../../../shared/contract/scheduler';
import { roleAllows } from '../../../../shared/ipc/define';
import { useAuth } from '../../auth/AuthContext';
import { useQuery } from '../../ipc/useQuery';
import { useSubmit } from '../../ipc/useSubmit';
import { useClinic } from '../../lib/ClinicContext';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, type FieldErrors } from '../../forms/issues';
import { FIXED_KEYWORDS, RESERVED_WORDS, helpReply } from './messaging-keywords';
import { MESSAGING_FIELDS, checkMessagingValues, serverFieldErrors, toMessagingUpdate, toMessagingValues, type MessagingValues } from './messaging-values';

export function MessagingSettings() {
  const { staff } = useAuth();
  const canView = roleAllows(staff.role, 'manager');
  const query = useQuery('scheduler.getSettings', {}, { enabled: canView });
  let body;
  if (!canView) {
    body = (
      <div data-testid="messaging-locked">
        <NonIdealState icon="lock" title="Only managers and administrators see the reply words, notices, mailbox and retention" />
      </div>
    );
  } else if (!query.value) {
    body = query.error ? (
      <ErrorCallout error={query.error} title="The messaging settings could not be loaded" testId="messaging-load-error" />
    ) : (
      <div data-testid="messaging-loading">
        <NonIdealState icon={<Spinner />} title="Loading messaging settings…" />
      </div>
    );
  } else {
    body = <MessagingSettingsForm key={JSON.stringify(query.value)} view={query.value} readOnly={staff.role !== 'admin'} />;
  }
  return (
    <div data-testid="messaging-settings">
      {body}
      {!query.value && <FixedKeywords />}
    </div>
  );
}

function MessagingSettingsForm({ view, readOnly }: { view: SchedulerSettingsView; readOnly: boolean }) {
  const [saved, setSaved] = useState<SchedulerSettingsView>(view);
  const [values, setValues] = useState<MessagingValues>(() => toMessagingValues(view));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const update = useSubmit('scheduler.updateSettings');
  const local = checkMessagingValues(values, RESERVED_WORDS);
  const errors: FieldErrors = { ...serverErrors, ...(attempted ? local : {}) };

  const change = (next: (v: MessagingValues) => MessagingValues, path?: string) => {
    setValues(next);
    setDone(false);
    if (path) setServerErrors((e) => Object.fromEntries(Object.entries(e).filter(([p]) => p !== path)));
  };
  const setText = (field: 'confirm' | 'reschedule' | 'noticeSkipHours' | 'backupsKept' | 'retentionDays', path: string) => (value: string) => change((v) => ({ ...v, [field]: value }), path);
  const setImap = (field: 'host' | 'port' | 'user' | 'mailbox' | 'password') => (value: string) =>
    change((v) => ({ ...v, imap: { ...v.imap, [field]: value, ...(field === 'password' && value ? { removePassword: false } : {}) } }), `imap.${field}`);
  const setNotice = (kind: keyof MessagingValues['notices'], on: boolean) => change((v) => ({ ...v, notices: { ...v.notices, [kind]: on } }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    setAttempted(true);
    if (Object.keys(local).length > 0) return;
    const result = await update.submit(toMessagingUpdate(values, saved.imap !== null));
    if (result.ok) {
      setSaved(result.value);
      setValues(toMessagingValues(result.value));
      setAttempted(false);
      setDone(true);
    } else {
      setServerErrors(serverFieldErrors(issuesByPath(result.error)));
    }
  };

  const imap = values.imap;
  return (
    <form onSubmit={onSubmit} noValidate className="fd-settings-form" data-testid="messaging-form">
      <H4>Reply keywords</H4>
      <p className="fd-muted">A patient’s one-word reply to a reminder confirms or asks to move the appointment. Separate words with commas; any case matches.</p>
      <div className="fd-row">
        <TextField label="Confirmation words" value={values.confirm} onChange={setText('confirm', 'keywords.confirm')} autoFocus={!readOnly} disabled={readOnly} testId="messaging-confirm-words" error={errors['keywords.confirm']} helper="Default: C, CONFIRM" />
        <TextField label="Reschedule words" value={values.reschedule} onChange={setText('reschedule', 'keywords.reschedule')} disabled={readOnly} testId="messaging-reschedule-words" error={errors['keywords.reschedule']} helper="Default: R — the conversation is flagged for staff" />
      </div>
      <FixedKeywords />

      <H4 className="fd-section">Appointment notices</H4>
      <p className="fd-muted">A message to the patient when an appointment is booked, moved or cancelled — also when the change comes from an import.</p>
      {(['booked', 'moved', 'cancelled'] as const).map((kind) => (
        <div key={kind} data-testid={`messaging-notice-${kind}`}>
          <Switch checked={values.notices[kind]} disabled={readOnly} label={`When an appointment is ${kind}`} onChange={(e) => setNotice(kind, e.currentTarget.checked)} />
        </div>
      ))}
      <div className="fd-row">
        <TextField
          label="No reminder this soon after a notice (hours)"
          value={values.noticeSkipHours}
          onChange={setText('noticeSkipHours', 'noticeSkipHours')}
          disabled={readOnly}
          testId="messaging-notice-skip-hours"
          error={errors.noticeSkipHours}
          helper="0 to 48: a booked or moved notice already gave the date and time"
        />
      </div>
      <Callout intent={Intent.WARNING} className="fd-callout" icon="import" data-testid="messaging-import-hint">
        Switch off “booked” before the first bulk import of existing appointments, or every imported patient is texted. Switch it back on afterwards.
      </Callout>

      <H4 className="fd-section">Clinic mailbox (IMAP)</H4>
      <p className="fd-muted">Patients’ email replies and bounced emails are read from this mailbox.</p>
      <Checkbox label="Read replies and bounces from a mailbox" checked={values.useImap} disabled={readOnly} onChange={(e) => { const on = e.currentTarget.checked; change((v) => ({ ...v, useImap: on })); }} data-testid="messaging-use-imap" />
      {values.useImap && (
        <>
          <div className="fd-row">
            <TextField label="Server" value={imap.host} onChange={setImap('host')} disabled={readOnly} testId="imap-host" error={errors['imap.host']} placeholder="imap.example.com" />
            <TextField label="Port" value={imap.port} onChange={setImap('port')} disabled={readOnly} testId="imap-port" error={errors['imap.port']} />
            <Checkbox className="fd-shrink fd-checkbox-aligned" label="TLS" checked={imap.secure} disabled={readOnly} onChange={(e) => { const on = e.currentTarget.checked; change((v) => ({ ...v, imap: { ...v.imap, secure: on } })); }} data-testid="imap-secure" />
          </div>
          <div className="fd-row">
            <TextField label="User" value={imap.user} onChange={setImap('user')} disabled={readOnly} testId="imap-user" error={errors['imap.user']} />
            <TextField label="Folder" value={imap.mailbox} onChange={setImap('mailbox')} disabled={readOnly} testId="imap-mailbox" error={errors['imap.mailbox']} placeholder="INBOX" />
            <TextField
              label="Password"
              type="password"
              value={imap.password}
              onChange={setImap('password')}
              disabled={readOnly}
              testId="imap-password"
              error={errors['imap.password']}
              placeholder={imap.hasPassword ? (readOnly ? 'saved' : 'saved — type to replace') : ''}
              autoComplete="new-password"
            />
            <Tag className="fd-shrink fd-checkbox-aligned" minimal intent={imap.hasPassword && !imap.removePassword ? Intent.SUCCESS : Intent.NONE} data-testid="imap-password-state">
              {imap.removePassword ? 'removed on save' : imap.hasPassword ? 'set' : 'not set'}
            </Tag>
            {imap.hasPassword && !readOnly && (
              <Button
                className="fd-shrink fd-checkbox-aligned"
                small
                variant="minimal"
                icon={imap.removePassword ? 'undo' : 'trash'}
                text={imap.removePassword ? 'Keep password' : 'Remove password'}
                onClick={() => change((v) => ({ ...v, imap: { ...v.imap, password: '', removePassword: !v.imap.removePassword } }), 'imap.password')}
                data-testid="imap-password-remove"
              />
            )}
          </div>
        </>
      )}
      {!values.useImap && saved.imap !== null && !readOnly && <p className="fd-muted" data-testid="imap-remove-hint">Saving removes the mailbox and its password.</p>}

      <H4 className="fd-section">Backups and retention</H4>
      <div className="fd-row">
        <TextField label="Daily backups kept" value={values.backupsKept} onChange={setText('backupsKept', 'backupsKept')} disabled={readOnly} testId="messaging-backups-kept" error={errors.backupsKept} helper="1 to 90" />
        <TextField label="Keep message text for (days)" value={values.retentionDays} onChange={setText('retentionDays', 'messageRetentionDays')} disabled={readOnly} testId="messaging-retention-days" error={errors.messageRetentionDays} helper="30 to 3650; empty keeps everything" placeholder="Keep everything" />
      </div>

      <ErrorCallout error={update.error} extra={unplacedIssues(serverErrors, (p) => MESSAGING_FIELDS.includes(p))} title="The messaging settings were not saved" />
      {done && (
        <Callout intent={Intent.SUCCESS} className="fd-callout" data-testid="messaging-saved">
          Messaging settings saved.
        </Callout>
      )}
      {!readOnly && <Button type="submit" intent={Intent.PRIMARY} text="Save messaging settings" loading={update.submitting} className="fd-gap-top" data-testid="messaging-save" />}
    </form>
  );
}

/** The carrier keywords every clinic answers the same way, and what is sent back. */
function FixedKeywords() {
  const { settings } = useClinic();
  return (
    <div data-testid="messaging-fixed-keywords">
      <H4 className="fd-section">Fixed keywords and auto-replies</H4>
      <p className="fd-muted">These words work the same for every clinic and cannot be changed.</p>
      <HTMLTable className="fd-table" compact striped>
        <thead>
          <tr>
            <th>Action</th>
            <th>Words</th>
            <th>Automatic reply</th>
          </tr>
        </thead>
        <tbody>
          {FIXED_KEYWORDS.map((k) => (
            <tr key={k.kind} data-testid={`fixed-keyword-${k.kind}`}>
              <td>{k.label}</td>
              <td>{k.words.join(', ')}</td>
              <td data-testid={`fixed-keyword-${k.kind}-reply`}>{k.reply ?? helpReply(settings.clinicName, settings.clinicPhone)}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </div>
  );
}
