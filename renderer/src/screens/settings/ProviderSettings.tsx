/**
 * Providers (admin only): the sandbox or Twilio for SMS, WhatsApp and voice; the sandbox or SMTP
 * (with an optional failover relay) for email; and a "send test". Secrets are write-only: the
 * form shows only whether one is saved.
 */
import { Button, Callout, Checkbox, H4, Intent, NonIdealState, Radio, RadioGroup, Spinner } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { ProviderSettingsView } from '../../../../shared/contract/engine';
import { useAuth } from '../../auth/AuthContext';
import { useQuery } from '../../ipc/useQuery';
import { useSubmit } from '../../ipc/useSubmit';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, type FieldErrors } from '../../forms/issues';
import { checkProviderValues, toProviderUpdate, toProviderValues, type ProviderValues, type RelayValues } from './provider-values';
import { SmtpRelayFields } from './SmtpRelayFields';
import { SendTestForm } from './SendTestForm';

/** Server issue paths that a field of this form shows. */
const SHOWN_PATHS =
  /^(twilio\.(accountSid|authToken|smsFrom|messagingServiceSid|whatsappFrom|voiceFrom|segmentsPerSecond|whatsappPerSecond)|smtp\.((primary|secondary)\.(host|port|user|password)|fromAddress|fromName|messagesPerSecond|unsubscribeUrl|unsubscribeMailto|messageIdDomain))$/;

export function ProviderSettings() {
  const { staff } = useAuth();
  const isAdmin = staff.role === 'admin';
  const view = useQuery('providers.get', {}, { enabled: isAdmin });
  if (!isAdmin) return <NonIdealState icon="lock" title="Only administrators see and change the providers" />;
  if (!view.value) {
    return view.error ? <ErrorCallout error={view.error} title="The provider settings could not be loaded" /> : <NonIdealState icon={<Spinner />} title="Loading providers…" />;
  }
  return (
    <>
      <CredentialsPaused />
      <ProviderSettingsForm key={JSON.stringify(view.value)} view={view.value} onSaved={view.reload} />
    </>
  );
}

/** A provider that answered 401/403 is paused until new credentials are saved or a test is sent. */
function CredentialsPaused() {
  const status = useQuery('engine.status', {});
  const paused = status.value?.pausedProviders ?? [];
  if (paused.length === 0) return null;
  return (
    <Callout intent={Intent.DANGER} className="fd-callout" data-testid="providers-credentials-rejected">
      {paused.map((p) => p.provider).join(', ')}: the credentials were rejected. Nothing is sent through it until you save new
      credentials or press Send test.
    </Callout>
  );
}

function ProviderSettingsForm({ view, onSaved }: { view: ProviderSettingsView; onSaved(): void }) {
  const [values, setValues] = useState<ProviderValues>(() => toProviderValues(view));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const update = useSubmit('providers.update');
  const local = checkProviderValues(values);
  const errors: FieldErrors = { ...serverErrors, ...(attempted ? local : {}) };

  const change = (next: (v: ProviderValues) => ProviderValues) => {
    setValues(next);
    setSaved(false);
    setServerErrors({});
  };
  const setTwilio = (field: keyof ProviderValues['twilio']) => (value: string) => change((v) => ({ ...v, twilio: { ...v.twilio, [field]: value } }));
  const setSmtp = (field: keyof ProviderValues['smtp']) => (value: string) => change((v) => ({ ...v, smtp: { ...v.smtp, [field]: value } }));
  const setRelay = (which: 'primary' | 'secondary') => (patch: Partial<RelayValues>) => change((v) => ({ ...v, smtp: { ...v.smtp, [which]: { ...v.smtp[which], ...patch } } }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(local).length > 0) return;
    const result = await update.submit(toProviderUpdate(values));
    if (result.ok) {
      setSaved(true);
      onSaved();
    } else {
      setServerErrors(issuesByPath(result.error));
    }
  };

  const t = values.twilio;
  const s = values.smtp;
  return (
    <div data-testid="provider-settings">
      <form onSubmit={onSubmit} noValidate className="fd-settings-form">
        <H4>SMS, WhatsApp and voice</H4>
        <RadioGroup inline selectedValue={values.smsProvider} onChange={(e) => change((v) => ({ ...v, smsProvider: e.currentTarget.value === 'twilio' ? 'twilio' : 'sandbox' }))}>
          <Radio value="sandbox" label="Sandbox (training: messages land in the simulated phone)" data-testid="sms-sandbox" />
          <Radio value="twilio" label="Twilio" data-testid="sms-twilio" />
        </RadioGroup>
        {values.smsProvider === 'twilio' && (
          <>
            <div className="fd-row">
              <TextField label="Account SID" value={t.accountSid} onChange={setTwilio('accountSid')} testId="twilio-account-sid" error={errors['twilio.accountSid']} placeholder="AC…" />
              <TextField label="Auth token" type="password" value={t.authToken} onChange={setTwilio('authToken')} testId="twilio-auth-token" error={errors['twilio.authToken']} placeholder={t.hasAuthToken ? 'saved — type to replace' : ''} autoComplete="new-password" />
            </div>
            <div className="fd-row">
              <TextField label="SMS from" value={t.smsFrom} onChange={setTwilio('smsFrom')} testId="twilio-sms-from" error={errors['twilio.smsFrom']} placeholder="+15551234567" />
              <TextField label="Messaging service SID" value={t.messagingServiceSid} onChange={setTwilio('messagingServiceSid')} testId="twilio-messaging-service" error={errors['twilio.messagingServiceSid']} placeholder="MG… (optional)" />
            </div>
            <div className="fd-row">
              <TextField label="WhatsApp from" value={t.whatsappFrom} onChange={setTwilio('whatsappFrom')} testId="twilio-whatsapp-from" error={errors['twilio.whatsappFrom']} placeholder="whatsapp:+15551234567" />
              <TextField label="Voice from" value={t.voiceFrom} onChange={setTwilio('voiceFrom')} testId="twilio-voice-from" error={errors['twilio.voiceFrom']} />
              <TextField label="SMS segments per second" value={t.segmentsPerSecond} onChange={setTwilio('segmentsPerSecond')} testId="twilio-sps" error={errors['twilio.segmentsPerSecond']} />
              <TextField label="WhatsApp per second" value={t.whatsappPerSecond} onChange={setTwilio('whatsappPerSecond')} testId="twilio-wps" error={errors['twilio.whatsappPerSecond']} />
            </div>
          </>
        )}

        <H4 className="fd-section">Email</H4>
        <RadioGroup inline selectedValue={values.emailProvider} onChange={(e) => change((v) => ({ ...v, emailProvider: e.currentTarget.value === 'smtp' ? 'smtp' : 'sandbox' }))}>
          <Radio value="sandbox" label="Sandbox (training: emails land in the simulated mailbox)" data-testid="email-sandbox" />
          <Radio value="smtp" label="SMTP relay" data-testid="email-smtp" />
        </RadioGroup>
        {values.emailProvider === 'smtp' && (
          <>
            <SmtpRelayFields name="primary" relay={s.primary} errors={errors} onChange={setRelay('primary')} />
            <Checkbox label="Use a second relay when the first one fails" checked={s.useSecondary} onChange={(e) => { const on = e.currentTarget.checked; change((v) => ({ ...v, smtp: { ...v.smtp, useSecondary: on } })); }} data-testid="smtp-use-secondary" />
            {s.useSecondary && <SmtpRelayFields name="secondary" relay={s.secondary} errors={errors} onChange={setRelay('secondary')} />}
            <div className="fd-row">
              <TextField label="From address" value={s.fromAddress} onChange={setSmtp('fromAddress')} testId="smtp-from-address" error={errors['smtp.fromAddress']} />
              <TextField label="From name" value={s.fromName} onChange={setSmtp('fromName')} testId="smtp-from-name" error={errors['smtp.fromName']} />
              <TextField label="Messages per second" value={s.messagesPerSecond} onChange={setSmtp('messagesPerSecond')} testId="smtp-mps" error={errors['smtp.messagesPerSecond']} />
            </div>
            <div className="fd-row">
              <TextField label="Unsubscribe link" value={s.unsubscribeUrl} onChange={setSmtp('unsubscribeUrl')} testId="smtp-unsubscribe-url" error={errors['smtp.unsubscribeUrl']} placeholder="https://…" />
              <TextField label="Unsubscribe mailbox" value={s.unsubscribeMailto} onChange={setSmtp('unsubscribeMailto')} testId="smtp-unsubscribe-mailto" error={errors['smtp.unsubscribeMailto']} />
              <TextField label="Message-ID domain" value={s.messageIdDomain} onChange={setSmtp('messageIdDomain')} testId="smtp-message-id-domain" error={errors['smtp.messageIdDomain']} />
            </div>
          </>
        )}
        <ErrorCallout error={update.error} extra={unplacedIssues(serverErrors, (p) => SHOWN_PATHS.test(p))} title="The providers were not saved" />
        {saved && (
          <Callout intent={Intent.SUCCESS} className="fd-callout" data-testid="providers-saved">
            Providers saved.
          </Callout>
        )}
        <Button type="submit" intent={Intent.PRIMARY} text="Save providers" loading={update.submitting} className="fd-gap-top" data-testid="providers-save" />
      </form>
      <H4 className="fd-section">Send a test</H4>
      <SendTestForm />
    </div>
  );
}
