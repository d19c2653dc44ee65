/**
 * Provider settings: non-secret values in the settings store, credentials in the SecretStore.
 * The view sent to the renderer carries only `has*` flags for secrets.
 */
import type { SecretStore, SettingsStore } from '../foundation/ports';
import type { ProviderSettingsView } from '../../shared/contract/engine';
import type { z } from 'zod';
import type { providerSettingsUpdateSchema } from '../../shared/contract/engine';

export interface RelaySettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
}

export interface ProviderSettings {
  smsProvider: 'sandbox' | 'twilio';
  emailProvider: 'sandbox' | 'smtp';
  twilio: {
    accountSid: string;
    smsFrom: string;
    messagingServiceSid: string;
    whatsappFrom: string;
    voiceFrom: string;
    segmentsPerSecond: number;
    whatsappPerSecond: number;
    /** Not exposed over IPC: points the SDK at a local fake in tests and benchmarks. */
    apiBaseUrl?: string;
  };
  smtp: {
    primary: RelaySettings;
    secondary: RelaySettings | null;
    fromAddress: string;
    fromName: string;
    messagesPerSecond: number;
    unsubscribeUrl: string;
    unsubscribeMailto: string;
    messageIdDomain: string;
  };
}

export const defaultProviderSettings: ProviderSettings = {
  smsProvider: 'sandbox',
  emailProvider: 'sandbox',
  twilio: {
    accountSid: '',
    smsFrom: '',
    messagingServiceSid: '',
    whatsappFrom: '',
    voiceFrom: '',
    segmentsPerSecond: 1,
    whatsappPerSecond: 80,
  },
  smtp: {
    primary: { host: '', port: 587, secure: false, user: '' },
    secondary: null,
    fromAddress: '',
    fromName: '',
    messagesPerSecond: 10,
    unsubscribeUrl: '',
    unsubscribeMailto: '',
    messageIdDomain: 'frontdesk.local',
  },
};

export const SECRET_KEYS = {
  twilioAuthToken: 'providers.twilio.authToken',
  smtpPrimaryPassword: 'providers.smtp.primary.password',
  smtpSecondaryPassword: 'providers.smtp.secondary.password',
} as const;

const KEY = 'providers';

export type ProviderSettingsUpdate = z.infer<typeof providerSettingsUpdateSchema>;

export class ProviderSettingsService {
  private readonly listeners = new Set<() => void>();
  constructor(
    private readonly store: SettingsStore,
    private readonly secrets: SecretStore,
  ) {}

  get(): ProviderSettings {
    const saved = this.store.get<Partial<ProviderSettings>>(KEY) ?? {};
    return {
      ...defaultProviderSettings,
      ...saved,
      twilio: { ...defaultProviderSettings.twilio, ...(saved.twilio ?? {}) },
      smtp: { ...defaultProviderSettings.smtp, ...(saved.smtp ?? {}) },
    };
  }

  secret(key: (typeof SECRET_KEYS)[keyof typeof SECRET_KEYS]): string | null {
    return this.secrets.get(key);
  }

  /** Replace the stored settings wholesale (tests, harnesses). */
  save(next: ProviderSettings): void {
    this.store.set(KEY, next);
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(): ProviderSettingsView {
    const s = this.get();
    const relay = (r: RelaySettings, secretKey: string) => ({ ...r, hasPassword: this.secrets.has(secretKey) });
    const { apiBaseUrl: _hidden, ...twilio } = s.twilio;
    return {
      smsProvider: s.smsProvider,
      emailProvider: s.emailProvider,
      twilio: { ...twilio, hasAuthToken: this.secrets.has(SECRET_KEYS.twilioAuthToken) },
      smtp: {
        ...s.smtp,
        primary: relay(s.smtp.primary, SECRET_KEYS.smtpPrimaryPassword),
        secondary: s.smtp.secondary ? relay(s.smtp.secondary, SECRET_KEYS.smtpSecondaryPassword) : null,
      },
    };
  }

  update(patch: ProviderSettingsUpdate): ProviderSettingsView {
    const current = this.get();
    const setSecret = (key: string, value: string | undefined) => {
      if (value === undefined) return;
      if (value === '') this.secrets.delete(key);
      else this.secrets.set(key, value);
    };
    const next: ProviderSettings = { ...current };
    if (patch.smsProvider) next.smsProvider = patch.smsProvider;
    if (patch.emailProvider) next.emailProvider = patch.emailProvider;
    if (patch.twilio) {
      const { authToken, ...rest } = patch.twilio;
      setSecret(SECRET_KEYS.twilioAuthToken, authToken);
      next.twilio = { ...current.twilio, ...rest };
    }
    if (patch.smtp) {
      const { primary, secondary, ...rest } = patch.smtp;
      next.smtp = { ...current.smtp, ...rest };
      if (primary) {
        const { password, ...relay } = primary;
        setSecret(SECRET_KEYS.smtpPrimaryPassword, password);
        next.smtp.primary = relay;
      }
      if (secondary === null) {
        next.smtp.secondary = null;
        this.secrets.delete(SECRET_KEYS.smtpSecondaryPassword);
      } else if (secondary) {
        const { password, ...relay } = secondary;
        setSecret(SECRET_KEYS.smtpSecondaryPassword, password);
        next.smtp.secondary = relay;
      }
    }
    this.save(next);
    return this.view();
  }
}
