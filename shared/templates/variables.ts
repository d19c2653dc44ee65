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

function closestPath(path: string, available: TemplateVariable[]): string | null {
  let best: { path: string; distance: number } | null = null;
  for (const v of available) {
    const d = editDistance(path.toLowerCase(), v.path.toLowerCase());
    if (!best || d < best.distance) best = { path: v.path, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(path.length / 6)) ? best.path : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}
