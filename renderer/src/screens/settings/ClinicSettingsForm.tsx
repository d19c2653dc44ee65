/** The clinic profile: name, phone, time zone, default country, idle lock, quiet hours, daily cap, start at login. */
import { Button, Callout, Intent, Switch } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { ClinicSettings } from '../../../../shared/domain';
import { useSubmit } from '../../ipc/useSubmit';
import { useClinic } from '../../lib/ClinicContext';
import { useAuth } from '../../auth/AuthContext';
import { isValidTimeZone } from '../../../../shared/time-zone';
import { timeZoneNames } from '../../lib/time-zones';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, withoutPath, type FieldErrors } from '../../forms/issues';

interface Values {
  clinicName: string;
  clinicPhone: string;
  timeZone: string;
  defaultCountry: string;
  idleLockMinutes: string;
  quietStart: string;
  quietEnd: string;
  dailyCap: string;
  startAtLogin: boolean;
  replyWindowHours: string;
}

function toValues(s: ClinicSettings): Values {
  return {
    clinicName: s.clinicName,
    clinicPhone: s.clinicPhone,
    timeZone: s.timeZone,
    defaultCountry: s.defaultCountry,
    idleLockMinutes: String(s.idleLockMinutes),
    quietStart: s.quietHours.start,
    quietEnd: s.quietHours.end,
    dailyCap: String(s.dailyCap),
    startAtLogin: s.startAtLogin,
    replyWindowHours: String(s.replyWindowHours),
  };
}

function wholeNumberIn(value: string, min: number, max: number): boolean {
  const n = Number(value);
  return /^\d+$/.test(value.trim()) && n >= min && n <= max;
}

function check(v: Values): FieldErrors {
  const e: FieldErrors = {};
  if (v.clinicName.trim() === '') e.clinicName = 'Enter the clinic’s name';
  if (!isValidTimeZone(v.timeZone.trim())) e.timeZone = 'Unknown time zone; use a name like America/New_York';
  if (!/^[A-Z]{2}$/.test(v.defaultCountry.trim().toUpperCase())) e.defaultCountry = 'Two-letter country code, e.g. US';
  if (!wholeNumberIn(v.idleLockMinutes, 1, 240)) e.idleLockMinutes = 'Between 1 and 240 minutes';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v.quietStart)) e['quietHours.start'] = 'Use HH:MM';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v.quietEnd)) e['quietHours.end'] = 'Use HH:MM';
  if (!wholeNumberIn(v.dailyCap, 1, 100)) e.dailyCap = 'Between 1 and 100 messages';
  if (!wholeNumberIn(v.replyWindowHours, 0, 72)) e.replyWindowHours = 'Between 0 and 72 hours';
  return e;
}

const PATHS = ['clinicName', 'clinicPhone', 'timeZone', 'defaultCountry', 'idleLockMinutes', 'quietHours.start', 'quietHours.end', 'dailyCap', 'startAtLogin', 'replyWindowHours'];

export function ClinicSettingsForm({ readOnly }: { readOnly: boolean }) {
  const clinic = useClinic();
  const auth = useAuth();
  const [values, setValues] = useState<Values>(() => toValues(clinic.settings));
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const update = useSubmit('settings.update');
  const local = check(values);
  const errorOf = (path: string) => local[path] ?? serverErrors[path];

  const set = (field: keyof Values, path: string) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors((e) => withoutPath(e, path));
    setSaved(false);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly || Object.keys(local).length > 0) return;
    const result = await update.submit({
      clinicName: values.clinicName.trim(),
      clinicPhone: values.clinicPhone.trim(),
      timeZone: values.timeZone.trim(),
      defaultCountry: values.defaultCountry.trim().toUpperCase(),
      idleLockMinutes: Number(values.idleLockMinutes),
      quietHours: { start: values.quietStart, end: values.quietEnd },
      dailyCap: Number(values.dailyCap),
      startAtLogin: values.startAtLogin,
      replyWindowHours: Number(values.replyWindowHours),
    });
    if (result.ok) {
      setValues(toValues(result.value));
      setSaved(true);
      clinic.reload();
      // The idle lock's minutes come with the auth state.
      auth.refresh();
    } else {
      setServerErrors(issuesByPath(result.error));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="clinic-settings-form" className="fd-settings-form">
      <div className="fd-row">
        <TextField label="Clinic name" value={values.clinicName} onChange={set('clinicName', 'clinicName')} autoFocus={!readOnly} disabled={readOnly} required testId="settings-clinic-name" error={errorOf('clinicName')} />
        <TextField label="Clinic phone" value={values.clinicPhone} onChange={set('clinicPhone', 'clinicPhone')} disabled={readOnly} testId="settings-clinic-phone" error={errorOf('clinicPhone')} helper="Shown in HELP replies; with the country code if it is abroad" />
      </div>
      <div className="fd-row">
        <TextField label="Time zone" value={values.timeZone} onChange={set('timeZone', 'timeZone')} disabled={readOnly} testId="settings-time-zone" error={errorOf('timeZone')} helper="Type a city to search, e.g. Chicago" suggestions={timeZoneNames()} />
        <TextField label="Default country" value={values.defaultCountry} onChange={set('defaultCountry', 'defaultCountry')} disabled={readOnly} testId="settings-default-country" error={errorOf('defaultCountry')} helper="For phone numbers written without +country code" />
      </div>
      <div className="fd-row">
        <TextField label="Quiet hours start" type="time" value={values.quietStart} onChange={set('quietStart', 'quietHours.start')} disabled={readOnly} testId="settings-quiet-start" error={errorOf('quietHours.start')} />
        <TextField label="Quiet hours end" type="time" value={values.quietEnd} onChange={set('quietEnd', 'quietHours.end')} disabled={readOnly} testId="settings-quiet-end" error={errorOf('quietHours.end')} />
        <TextField label="Daily cap per patient" value={values.dailyCap} onChange={set('dailyCap', 'dailyCap')} disabled={readOnly} testId="settings-daily-cap" error={errorOf('dailyCap')} />
        <TextField label="Lock after idle (minutes)" value={values.idleLockMinutes} onChange={set('idleLockMinutes', 'idleLockMinutes')} disabled={readOnly} testId="settings-idle-lock" error={errorOf('idleLockMinutes')} />
      </div>
      <div className="fd-row">
        <TextField
          label="Reply window (hours)"
          value={values.replyWindowHours}
          onChange={set('replyWindowHours', 'replyWindowHours')}
          disabled={readOnly}
          testId="settings-reply-window"
          error={errorOf('replyWindowHours')}
          helper="A staff reply this soon after the patient wrote goes at once, even in quiet hours or past the daily cap"
        />
      </div>
      <Switch
        checked={values.startAtLogin}
        disabled={readOnly}
        label="Start Frontdesk when someone signs in to this computer"
        data-testid="settings-start-at-login"
        onChange={(event) => {
          const checked = event.currentTarget.checked;
          setValues((v) => ({ ...v, startAtLogin: checked }));
          setSaved(false);
        }}
      />
      <p className="fd-muted fd-gap-bottom">
        It starts hidden in the tray, so reminders and retries go out after a restart without anyone opening the window. While Frontdesk is closed, nothing is sent.
      </p>
      <ErrorCallout error={update.error} extra={unplacedIssues(serverErrors, (p) => PATHS.includes(p))} title="The settings were not saved" />
      {saved && (
        <Callout intent={Intent.SUCCESS} className="fd-callout" data-testid="settings-saved">
          Settings saved.
        </Callout>
      )}
      {!readOnly && <Button type="submit" intent={Intent.PRIMARY} text="Save settings" loading={update.submitting} data-testid="settings-save" />}
    </form>
  );
}
