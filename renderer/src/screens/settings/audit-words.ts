/**
 * An audit entry as a sentence staff can read: the action in words (a call's own summary from
 * the contract, or a known event), and the detail as "label: value" pairs instead of JSON.
 */
import { contract, type CallName } from '../../../../shared/contract';

const EVENTS: Record<string, string> = {
  'auth.setupAdmin': 'Created the administrator account',
  'conversation.viewed': 'Viewed a conversation',
  'auth.unlock': 'Unlocked the app',
  'export.fhir': 'Exported a FHIR bundle',
  'import.watched_folder_failed': 'A watched-folder import failed',
  deny: 'Was refused',
  failed: 'Failed',
  delayed: 'Delayed',
};

export function actionText(action: string): string {
  if (EVENTS[action]) return EVENTS[action];
  if (action in contract) return contract[action as CallName].summary.replace(/\.$/, '').split(/[;:]/)[0] ?? action;
  return action.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function label(key: string): string {
  return key
    .replace(/Id$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** Instants are stored as milliseconds; keys like startsAt or snoozedUntil name them. */
const INSTANT_KEY = /(At|Until|Before|After)$/;

function value(v: unknown, key: string, formatInstant: (at: number) => string): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v.replace(/_/g, ' ');
  if (typeof v === 'number') return INSTANT_KEY.test(key) && v > 1e11 ? formatInstant(v) : String(v);
  if (Array.isArray(v)) return v.map((item) => value(item, key, formatInstant)).join(', ');
  return '…';
}

/** Flattens one level of nesting ({input: {patientId: 3}} → "patient: 3"), at most 8 pairs. */
export function detailPairs(detail: Record<string, unknown> | null | undefined, formatInstant: (at: number) => string = (at) => new Date(at).toISOString()): Array<[string, string]> {
  if (!detail) return [];
  const pairs: Array<[string, string]> = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && prefix === '') walk(v as Record<string, unknown>, k === 'input' ? '' : `${label(k)} `);
      else pairs.push([`${prefix}${label(k)}`.trim(), value(v, k, formatInstant)]);
    }
  };
  walk(detail, '');
  return pairs.slice(0, 8);
}
