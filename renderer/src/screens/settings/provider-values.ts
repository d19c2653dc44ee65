/**
 * The provider settings form's values (all strings, as typed) and their conversion to the
 * `providers.update` input. Secrets are write-only: an empty secret field keeps the stored one.
 */
import type { InputOf } from '../../../../shared/contract';
import type { ProviderSettingsView } from '../../../../shared/contract/engine';

export interface RelayValues {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  hasPassword: boolean;
}

export interface ProviderValues {
  smsProvider: 'sandbox' | 'twilio';
  emailProvider: 'sandbox' | 'smtp';
  twilio: {
    accountSid: string;
    authToken: string;
    hasAuthToken: boolean;
    smsFrom: string;
    messagingServiceSid: string;
    whatsappFrom: string;
    voiceFrom: string;
    segmentsPerSecond: string;
    whatsappPerSecond: string;
  };
  smtp: {
    primary: RelayValues;
    useSecondary: boolean;
    secondary: RelayValues;
    fromAddress: string;
    fromName: string;
    messagesPerSecond: string;
    unsubscribeUrl: string;
    unsubscribeMailto: string;
    messageIdDomain: string;
  };
}

const emptyRelay: RelayValues = { host: '', port: '587', secure: false, user: '', password: '', hasPassword: false };

function relayValues(relay: ProviderSettingsView['smtp']['primary'] | null): RelayValues {
  if (!relay) return emptyRelay;
  return { host: relay.host, port: String(relay.port), secure: relay.secure, user: relay.user, password: '', hasPassword: relay.hasPassword };
}

export function toProviderValues(view: ProviderSettingsView): ProviderValues {
  return {
    smsProvider: view.smsProvider,
    emailProvider: view.emailProvider,
    twilio: {
      accountSid: view.twilio.accountSid,
      authToken: '',
      hasAuthToken: view.twilio.hasAuthToken,
      smsFrom: view.twilio.smsFrom,
      messagingServiceSid: view.twilio.messagingServiceSid,
      whatsappFrom: view.twilio.whatsappFrom,
      voiceFrom: view.twilio.voiceFrom,
      segmentsPerSecond: String(view.twilio.segmentsPerSecond),
      whatsappPerSecond: String(view.twilio.whatsappPerSecond),
    },
    smtp: {
      primary: relayValues(view.smtp.primary),
      useSecondary: view.smtp.secondary !== null,
      secondary: relayValues(view.smtp.secondary),
      fromAddress: view.smtp.fromAddress,
      fromName: view.smtp.fromName,
      messagesPerSecond: String(view.smtp.messagesPerSecond),
      unsubscribeUrl: view.smtp.unsubscribeUrl,
      unsubscribeMailto: view.smtp.unsubscribeMailto,
      messageIdDomain: view.smtp.messageIdDomain,
    },
  };
}

export type ProviderErrors = Record<string, string>;

const positive = (v: string) => /^\d+(\.\d+)?$/.test(v.trim()) && Number(v) > 0;

/** Field errors keyed by the same paths the server uses (`twilio.accountSid`, `smtp.primary.port`). */
export function checkProviderValues(v: ProviderValues): ProviderErrors {
  const e: ProviderErrors = {};
  if (v.smsProvider === 'twilio') {
    if (!/^AC[0-9a-fA-F]{32}$/.test(v.twilio.accountSid.trim())) e['twilio.accountSid'] = 'An account SID is AC followed by 32 hex digits';
    if (v.twilio.messagingServiceSid.trim() && !/^MG[0-9a-fA-F]{32}$/.test(v.twilio.messagingServiceSid.trim())) e['twilio.messagingServiceSid'] = 'A messaging service SID is MG followed by 32 hex digits';
    if (!v.twilio.hasAuthToken && v.twilio.authToken.trim() === '') e['twilio.authToken'] = 'Enter the auth token';
    if (!v.twilio.smsFrom.trim() && !v.twilio.messagingServiceSid.trim()) e['twilio.smsFrom'] = 'Enter a sender number or a messaging service SID';
    if (!positive(v.twilio.segmentsPerSecond)) e['twilio.segmentsPerSecond'] = 'A positive number';
    if (!positive(v.twilio.whatsappPerSecond)) e['twilio.whatsappPerSecond'] = 'A positive number';
  }
  if (v.emailProvider === 'smtp') {
    const relays: Array<['primary' | 'secondary', RelayValues]> = [['primary', v.smtp.primary]];
    if (v.smtp.useSecondary) relays.push(['secondary', v.smtp.secondary]);
    for (const [name, relay] of relays) {
      if (!relay.host.trim()) e[`smtp.${name}.host`] = 'Enter the SMTP host';
      const port = Number(relay.port);
      if (!/^\d+$/.test(relay.port.trim()) || port < 1 || port > 65535) e[`smtp.${name}.port`] = 'A port between 1 and 65535';
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.smtp.fromAddress.trim())) e['smtp.fromAddress'] = 'Enter the address emails come from';
    if (!positive(v.smtp.messagesPerSecond)) e['smtp.messagesPerSecond'] = 'A positive number';
  }
  return e;
}

function relayInput(relay: RelayValues) {
  return {
    host: relay.host.trim(),
    port: Number(relay.port),
    secure: relay.secure,
    user: relay.user.trim(),
    ...(relay.password ? { password: relay.password } : {}),
  };
}

export function toProviderUpdate(v: ProviderValues): InputOf<'providers.update'> {
  return {
    smsProvider: v.smsProvider,
    emailProvider: v.emailProvider,
    ...(v.smsProvider === 'twilio'
      ? {
          twilio: {
            accountSid: v.twilio.accountSid.trim(),
            ...(v.twilio.authToken ? { authToken: v.twilio.authToken } : {}),
            smsFrom: v.twilio.smsFrom.trim(),
            messagingServiceSid: v.twilio.messagingServiceSid.trim(),
            whatsappFrom: v.twilio.whatsappFrom.trim(),
            voiceFrom: v.twilio.voiceFrom.trim(),
            segmentsPerSecond: Number(v.twilio.segmentsPerSecond),
            whatsappPerSecond: Number(v.twilio.whatsappPerSecond),
          },
        }
      : {}),
    ...(v.emailProvider === 'smtp'
      ? {
          smtp: {
            primary: relayInput(v.smtp.primary),
            secondary: v.smtp.useSecondary ? relayInput(v.smtp.secondary) : null,
            fromAddress: v.smtp.fromAddress.trim(),
            fromName: v.smtp.fromName.trim(),
            messagesPerSecond: Number(v.smtp.messagesPerSecond),
            unsubscribeUrl: v.smtp.unsubscribeUrl.trim(),
            unsubscribeMailto: v.smtp.unsubscribeMailto.trim(),
            messageIdDomain: v.smtp.messageIdDomain.trim(),
          },
        }
      : {}),
  };
}
