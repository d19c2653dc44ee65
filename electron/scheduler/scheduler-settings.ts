/** The scheduler's own settings (non-secret, in the settings store) merged over defaults. */
import type { SecretStore, SettingsStore } from '../foundation/ports';
import { DEFAULT_KEYWORD_CONFIG, type KeywordConfig } from '../inbound/keywords';
import type { NoticeKind } from '../reminders/appointment-sync';
import type { ImapConfig } from '../inbound/imap-poller';

export interface SchedulerSettings {
  keywords: KeywordConfig;
  notices: Record<NoticeKind, boolean>;
  /** A reminder due this many hours after a booked/moved notice (which carried the details) is skipped. */
  noticeSkipHours: number;
  /** Daily backups kept. */
  backupsKept: number;
  /** Message content older than this is removed; null keeps everything. */
  messageRetentionDays: number | null;
  /** The clinic mailbox read for replies and bounces; the password is a secret. */
  imap: Omit<ImapConfig, 'pass'> | null;
}

export const defaultSchedulerSettings: SchedulerSettings = {
  keywords: DEFAULT_KEYWORD_CONFIG,
  notices: { booked: true, moved: true, cancelled: true },
  noticeSkipHours: 12,
  backupsKept: 7,
  messageRetentionDays: null,
  imap: null,
};

export const IMAP_PASSWORD_KEY = 'inbound.imap.password';
const KEY = 'scheduler';

export function readSchedulerSettings(store: SettingsStore): SchedulerSettings {
  const saved = store.get<Partial<SchedulerSettings>>(KEY) ?? {};
  return { ...defaultSchedulerSettings, ...saved };
}

export function writeSchedulerSettings(store: SettingsStore, patch: Partial<SchedulerSettings>): SchedulerSettings {
  const next = { ...readSchedulerSettings(store), ...patch };
  store.set(KEY, next);
  return next;
}

export function imapConfig(store: SettingsStore, secrets: SecretStore): ImapConfig | null {
  const imap = readSchedulerSettings(store).imap;
  const pass = secrets.get(IMAP_PASSWORD_KEY);
  if (!imap || !imap.host || pass === null) return null;
  return { ...imap, pass };
}
