/** Words for consent states, sources and suppressions (pure, so they can be unit-tested). */
import type { ConsentCell, ConsentSource, SuppressionView } from '../../../../../shared/contract/consent';
import type { Purpose } from '../../../../../shared/domain';
import { formatDayMonthTime, type Where } from '../../../../../shared/datetime';
import { CHANNEL_LABELS } from '../../../lib/channels';

export const SOURCE_LABELS: Record<ConsentSource, string> = {
  staff: 'Staff',
  sms_keyword: 'SMS keyword',
  email_unsubscribe: 'Email unsubscribe link',
  import: 'Import',
  patient: 'Patient',
};

export const PURPOSE_LABELS: Record<Purpose, string> = { transactional: 'Reminders & transactional', marketing: 'Marketing' };

const REASON_LABELS: Record<SuppressionView['reason'], string> = {
  stop_keyword: 'STOP',
  provider_opt_out: 'the carrier’s opt-out (STOP)',
  hard_bounce: 'a hard bounce',
  complaint: 'a spam complaint',
  invalid_number: 'an invalid number',
  staff: 'staff',
};

/** Whether messages of this purpose may go: reminders need no objection, marketing needs an opt-in. */
export function isAllowed(cell: Pick<ConsentCell, 'purpose' | 'state'>): boolean {
  return cell.purpose === 'marketing' ? cell.state === 'opted_in' : cell.state !== 'opted_out';
}

export function stateLabel(cell: Pick<ConsentCell, 'purpose' | 'state'>): string {
  if (cell.state === 'opted_in') return 'Opted in';
  if (cell.state === 'opted_out') return 'Opted out';
  return cell.purpose === 'marketing' ? 'No consent yet' : 'Allowed (no objection)';
}

/** "SMS opted out by STOP on Nov 21, 2:02 PM — the patient can text START" (en-US). */
export function suppressionNotice(s: SuppressionView, where: Where): string {
  const when = formatDayMonthTime(s.at, where);
  const channel = CHANNEL_LABELS[s.channel];
  if (s.patientMustOptIn) return `${channel} opted out by STOP on ${when} — the patient can text START`;
  return `${channel} to ${s.address} suppressed after ${REASON_LABELS[s.reason]} on ${when}`;
}
