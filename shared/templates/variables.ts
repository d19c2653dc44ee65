/**
 * The one list of variables a template may use, with where each is available and whether it is
 * sensitive. The editor's variables palette, the save-time validation and the sample context all
 * come from this list.
 */
import type { Channel } from '../domain';

export type TemplateCategory = 'appointment' | 'recall' | 'billing' | 'broadcast' | 'quick_reply' | 'reminder' | 'system';

export interface TemplateVariable {
  /** Dotted path as written in a template: `{{ patient.firstName }}`. */
  path: string;
  label: string;
  description: string;
  /** Value used for validation and for previews without a real patient. */
  sample: string | number | null;
  /** May be empty (null) for a real patient: test it with `{% if … %}` before relying on it. */
  optional: boolean;
  /** Clinical or otherwise revealing detail: the editor warns when it is used on SMS, WhatsApp or voice. */
  sensitive: boolean;
  /** Channels where it exists (all when absent). */
  channels?: readonly Channel[];
  /** Only in templates of these categories (all when absent). */
  categories?: readonly TemplateCategory[];
}

/** Categories whose messages are always about one appointment, so `appointment.*` is available. */
export const APPOINTMENT_CATEGORIES: readonly TemplateCategory[] = ['appointment', 'reminder'];

const appointmentOnly = { categories: APPOINTMENT_CATEGORIES } as const;

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  { path: 'patient.firstName', label: 'First name', description: "The patient's first name.", sample: 'Ana', optional: false, sensitive: false },
  { path: 'patient.lastName', label: 'Last name', description: "The patient's last name.", sample: 'Silva', optional: false, sensitive: false },
  { path: 'patient.fullName', label: 'Full name', description: 'First and last name.', sample: 'Ana Silva', optional: false, sensitive: false },
  {
    path: 'recipients.firstNames',
    label: 'First names (everyone)',
    description: 'Everyone this one message is for, e.g. "Emma and Noah" when a family shares a phone; otherwise the first name.',
    sample: 'Emma and Noah',
    optional: false,
    sensitive: false,
  },
  { path: 'clinic.name', label: 'Clinic name', description: 'From Settings.', sample: 'Main Street Clinic', optional: false, sensitive: false },
  { path: 'clinic.phone', label: 'Clinic phone', description: 'From Settings; may be empty.', sample: '+1 555 010 0100', optional: true, sensitive: false },
  {
    path: 'appointment.start',
    label: 'Start (date and time)',
    description: 'Use with the date filter, e.g. {{ appointment.start | date: "%a %b %-d, %-l:%M %p" }}. Shown in the patient\'s time zone.',
    sample: '2026-03-10T14:30:00.000Z',
    optional: false,
    sensitive: false,
    ...appointmentOnly,
  },
  { path: 'appointment.date', label: 'Date', description: 'e.g. "Tuesday, March 10", in the patient\'s language and time zone.', sample: 'Tuesday, March 10', optional: false, sensitive: false, ...appointmentOnly },
  { path: 'appointment.time', label: 'Time', description: 'e.g. "10:30 AM", in the patient\'s time zone.', sample: '10:30 AM', optional: false, sensitive: false, ...appointmentOnly },
  { path: 'appointment.durationMinutes', label: 'Duration (minutes)', description: 'Length of the visit.', sample: 30, optional: false, sensitive: false, ...appointmentOnly },
  { path: 'appointment.clinician', label: 'Clinician', description: 'Who the patient sees.', sample: 'Dr. Rivera', optional: false, sensitive: false, ...appointmentOnly },
  { path: 'appointment.location', label: 'Location', description: 'Where the visit is; may be empty.', sample: 'Main Street, Room 2', optional: true, sensitive: false, ...appointmentOnly },
  {
    path: 'appointment.reason',
    label: 'Reason for visit',
    description: 'Clinical detail: keep it out of SMS, WhatsApp and voice.',
    sample: 'Follow-up',
    optional: true,
    sensitive: true,
    ...appointmentOnly,
  },
  {
    path: 'appointment.clinicianSpecialty',
    label: 'Clinician specialty',
    description: 'Can reveal a condition (oncology, behavioral health): keep it out of SMS, WhatsApp and voice.',
    sample: 'Cardiology',
    optional: true,
    sensitive: true,
    ...appointmentOnly,
  },
  {
    path: 'appointment.notes',
    label: 'Appointment notes',
    description: 'Clinical notes: keep them out of SMS, WhatsApp and voice.',
    sample: 'Bring your medication list',
    optional: true,
    sensitive: true,
    ...appointmentOnly,
  },
  {
    path: 'appointment.confirmUrl',
    label: 'Confirm link',
    description: 'A link that confirms the appointment, when the clinic offers one; may be empty.',
    sample: 'https://clinic.example/c/abc123',
    optional: true,
    sensitive: false,
    ...appointmentOnly,
  },
  {
    path: 'unsubscribeUrl',
    label: 'Unsubscribe link',
    description: 'Email only: one-click unsubscribe link (also added to the footer automatically).',
    sample: 'https://clinic.example/u/xyz789',
    optional: false,
    sensitive: false,
    channels: ['email'],
  },
];

/** Properties Liquid allows on any value (`{{ patient.firstName.size }}`). */
const LIQUID_VALUE_PROPERTIES = new Set(['size', 'first', 'last']);

export function variablesFor(channel: Channel, category: TemplateCategory): TemplateVariable[] {
  return TEMPLATE_VARIABLES.filter(
    (v) => (!v.channels || v.channels.includes(channel)) && (!v.categories || v.categories.includes(category)),
  );
}

export type VariableCheck =
  | { ok: true; variable: TemplateVariable | null }
  | { ok: false; reason: 'unknown' | 'channel' | 'category'; suggestion: string | null };

/**
 * Is this path (from a template) available on this channel and category? A prefix of a known
 * variable (`{% if appointment %}`) is fine.
 */
export function checkVariablePath(path: string, channel: Channel, category: TemplateCategory): VariableCheck {
  const segments = path.split('.');
  const last = segments[segments.length - 1] ?? '';
  const candidates = [path];
  if (LIQUID_VALUE_PROPERTIES.has(last) && segments.length > 1) candidates.push(segments.slice(0, -1).join('.'));
  const available = variablesFor(channel, category);
  for (const c of candidates) {
    const exact = available.find((v) => v.path === c);
    if (exact) return { ok: true, variable: exact };
    if (available.some((v) => v.path.startsWith(c + '.'))) return { ok: true, variable: null };
  }
  const anywhere = TEMPLATE_VARIABLES.find((v) => candidates.includes(v.path) || v.path.startsWith(path + '.'));
  if (anywhere) {
    const wrongChannel = anywhere.channels && !anywhere.channels.includes(channel);
    return { ok: false, reason: wrongChannel ? 'channel' : 'category', suggestion: null };
  }
  return { ok: false, reason: 'unknown', suggestion: closestPath(path, available) };
}

/** A likely intended variable: same object, last segment within a small (Damerau) distance or a typo of its start. */
function closestPath(path: string, available: TemplateVariable[]): string | null {
  const dot = path.lastIndexOf('.');
  const prefix = path.slice(0, dot + 1).toLowerCase();
  const last = path.slice(dot + 1).toLowerCase();
  let best: { path: string; score: number } | null = null;
  for (const v of available) {
    const vDot = v.path.lastIndexOf('.');
    if (v.path.slice(0, vDot + 1).toLowerCase() !== prefix) continue;
    const vLast = v.path.slice(vDot + 1).toLowerCase();
    const score = Math.min(editDistance(last, vLast), last.length >= 3 ? editDistance(last, vLast.slice(0, last.length)) + 1 : Infinity);
    if (score <= Math.max(1, Math.floor(vLast.length / 3)) && (!best || score < best.score)) best = { path: v.path, score };
  }
  return best?.path ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions cost 1. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i += 1) {
    const row = d[i] as number[];
    for (let j = 1; j <= b.length; j += 1) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}
