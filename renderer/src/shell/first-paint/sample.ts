/**
 * The first screen with every kind of part it can draw: a manager (every side-nav entry), unread
 * counts, rows with each channel, both flags, a status tag, an assignee, a selected row, a row
 * without messages and a list with more pages. The build selects the first screen's stylesheet
 * (scripts/vite-critical-css.ts) by matching the app's full stylesheet against this markup, so a
 * part missing here would be drawn unstyled until the full stylesheet arrives; sample.test.ts
 * checks that this sample uses every class the markup can write.
 */
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { firstScreenHtml } from './markup';

const NOW = Date.UTC(2026, 0, 15, 15, 0);
const DAY = 86_400_000;

function row(id: number, extra: Partial<ConversationSummary>): ConversationSummary {
  return {
    id,
    patientId: id,
    householdId: null,
    members: [],
    title: `Patient ${id}`,
    address: '+12125550100',
    status: 'open',
    unreadCount: 0,
    lastMessageAt: NOW - id * 60_000,
    lastMessagePreview: `Message ${id}`,
    channels: ['sms'],
    assigneeStaffId: null,
    assigneeName: null,
    flag: null,
    snoozedUntil: null,
    whatsappWindowEndsAt: null,
    ...extra,
  };
}

const ROWS: ConversationSummary[] = [
  row(1, { unreadCount: 2, channels: ['sms', 'whatsapp', 'email', 'voice'] }),
  row(2, { flag: 'reschedule', assigneeStaffId: 1, assigneeName: 'Rita Reception' }),
  row(3, { flag: 'possible_opt_out', status: 'snoozed', lastMessageAt: NOW - 40 * DAY }),
  row(4, { lastMessageAt: NOW - 400 * DAY, channels: ['email'] }),
  row(5, { lastMessageAt: null, lastMessagePreview: null, channels: [] }),
];

/**
 * The sample first screen's markup, once as in each theme (the top bar's theme button differs);
 * meant to be matched with Blueprint's dark class on the body, under which both themes' rules apply.
 */
export function sampleFirstScreenHtml(): string {
  return [true, false]
    .map((dark) =>
      firstScreenHtml({
        clinicName: 'Sample Clinic',
        staff: { displayName: 'Sam Manager', role: 'manager' },
        unread: 7,
        items: ROWS,
        hasMore: true,
        where: { zone: 'America/New_York', locale: 'en-US' },
        dark,
        rows: ROWS.length,
        now: NOW,
      }),
    )
    .join('');
}
