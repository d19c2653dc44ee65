/**
 * The messaging settings form's values (as typed) and their conversion to the
 * `scheduler.updateSettings` input. The mailbox password is write-only: an empty field keeps the
 * saved one.
 */
import type { InputOf } from '../../../../shared/contract';
import type { SchedulerSettingsView } from '../../../../shared/contract/scheduler';

export interface MessagingValues {
  /** Comma-separated words, as typed. */
  confirm: string;
  reschedule: string;
  notices: { booked: boolean; moved: boolean; cancelled: boolean };
  /** Hours after a booked/moved notice in which a reminder is skipped. */
  noticeSkipHours: string;
  backupsKept: string;
  /** Empty keeps every message. */
  retentionDays: string;
  useImap: boolean;
  imap: { host: string; port: string; secure: boolean; user: string; mailbox: string; password: string; hasPassword: boolean; removePassword: boolean };
}

export type MessagingErrors = Record<string, string>;

/** The form's fields, by the server's issue paths; `keywords.confirm.2` belongs to `keywords.confirm`. */
export const MESSAGING_FIELDS = ['keywords.confirm', 'keywords.reschedule', 'noticeSkipHours', 'backupsKept', 'messageRetentionDays', 'imap.host', 'imap.port', 'imap.user', 'imap.mailbox', 'imap.password'];

/** Server issues (by path) folded onto the fields that show them; others keep their path. */
export function serverFieldErrors(issues: MessagingErrors): MessagingErrors {
  const out: MessagingErrors = {};
  for (const [path, message] of Object.entries(issues)) {
    const field = MESSAGING_FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) ?? path;
    if (!(field in out)) out[field] = message;
  }
  return out;
}

export function toMessagingValues(view: SchedulerSettingsView): MessagingValues {
  return {
    confirm: view.keywords.confirm.join(', '),
    reschedule: view.keywords.reschedule.join(', '),
    notices: { ...view.notices },
    noticeSkipHours: String(view.noticeSkipHours),
    backupsKept: String(view.backupsKept),
    retentionDays: view.messageRetentionDays === null ? '' : String(view.messageRetentionDays),
    useImap: view.imap !== null,
    imap: view.imap
      ? { host: view.imap.host, port: String(view.imap.port), secure: view.imap.secure, user: view.imap.user, mailbox: view.imap.mailbox ?? '', password: '', hasPassword: view.imap.hasPassword, removePassword: false }
      : { host: '', port: '993', secure: true, user: '', mailbox: 'INBOX', password: '', hasPassword: false, removePassword: false },
  };
}

/** "c, Confirm ,yes" → ["C", "CONFIRM", "YES"] (replies are matched in any case). */
export function splitWords(text: string): string[] {
  return text
    .split(',')
    .map((w) => w.trim().replace(/\s+/g, ' ').toUpperCase())
    .filter((w) => w !== '');
}

function checkWords(text: string, what: string): string | undefined {
  const words = splitWords(text);
  if (words.length === 0) return `Enter at least one ${what} word`;
  if (words.length > 10) return 'At most 10 words';
  const bad = words.find((w) => w.length > 20 || !/^[\p{L}\p{N} ]+$/u.test(w));
  if (bad) return `"${bad}": letters and digits only, up to 20 characters`;
  return undefined;
}

const wholeIn = (v: string, min: number, max: number) => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;

/** Field errors keyed by the server's paths (`keywords.confirm`, `imap.port`, …). */
export function checkMessagingValues(v: MessagingValues, reserved: readonly string[]): MessagingErrors {
  const e: MessagingErrors = {};
  const confirm = checkWords(v.confirm, 'confirmation');
  if (confirm) e['keywords.confirm'] = confirm;
  const reschedule = checkWords(v.reschedule, 'reschedule');
  if (reschedule) e['keywords.reschedule'] = reschedule;
  const taken = [...splitWords(v.confirm), ...splitWords(v.reschedule)].find((w) => reserved.includes(w));
  if (taken && !e['keywords.confirm']) e[splitWords(v.confirm).includes(taken) ? 'keywords.confirm' : 'keywords.reschedule'] = `"${taken}" is already an opt-out, opt-in or help keyword`;
  const both = splitWords(v.confirm).find((w) => splitWords(v.reschedule).includes(w));
  if (both && !e['keywords.reschedule']) e['keywords.reschedule'] = `"${both}" is also a confirmation word`;
  if (!wholeIn(v.noticeSkipHours, 0, 48)) e.noticeSkipHours = 'Between 0 and 48 hours';
  if (!wholeIn(v.backupsKept, 1, 90)) e.backupsKept = 'Between 1 and 90 backups';
  if (v.retentionDays.trim() !== '' && !wholeIn(v.retentionDays, 30, 3650)) e.messageRetentionDays = 'Between 30 and 3650 days, or empty to keep everything';
  if (v.useImap) {
    if (!v.imap.host.trim()) e['imap.host'] = 'Enter the mail server';
    if (!wholeIn(v.imap.port, 1, 65535)) e['imap.port'] = 'A port between 1 and 65535';
    if (!v.imap.user.trim()) e['imap.user'] = 'Enter the mailbox user';
    if (v.imap.mailbox.length > 100) e['imap.mailbox'] = 'At most 100 characters';
  }
  return e;
}

export function toMessagingUpdate(v: MessagingValues, hadImap: boolean): InputOf<'scheduler.updateSettings'> {
  const retention = v.retentionDays.trim();
  return {
    keywords: { confirm: splitWords(v.confirm), reschedule: splitWords(v.reschedule) },
    notices: { ...v.notices },
    noticeSkipHours: Number(v.noticeSkipHours),
    backupsKept: Number(v.backupsKept),
    messageRetentionDays: retention === '' ? null : Number(retention),
    ...(v.useImap
      ? {
          imap: {
            host: v.imap.host.trim(),
            port: Number(v.imap.port),
            secure: v.imap.secure,
            user: v.imap.user.trim(),
            ...(v.imap.mailbox.trim() ? { mailbox: v.imap.mailbox.trim() } : {}),
            // Write-only: omitted keeps the saved password, '' removes it.
            ...(v.imap.password ? { password: v.imap.password } : v.imap.removePassword ? { password: '' } : {}),
          },
        }
      : hadImap
        ? { imap: null }
        : {}),
  };
}
