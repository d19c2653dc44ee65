/** The contact point rows of the patient form, and their client-side checks (same rules as main). */
import type { ContactPointInput, ContactPointView } from '../../../../shared/domain';
import { normaliseContact } from '../../../../shared/phone';

export interface ContactRow {
  key: number;
  kind: 'phone' | 'email';
  value: string;
  label: string;
  isPrimary: boolean;
  /** The user has left the field once: from then on its error shows as they type. */
  touched: boolean;
}

let nextKey = 1;
export function newContactRow(kind: 'phone' | 'email', value = '', label = '', isPrimary = false): ContactRow {
  return { key: nextKey++, kind, value, label, isPrimary, touched: false };
}

export function rowsFromView(points: ContactPointView[]): ContactRow[] {
  return points.map((p) => newContactRow(p.kind, p.value, p.label, p.isPrimary));
}

export function contactRowError(row: ContactRow, defaultCountry: string): string | undefined {
  const result = normaliseContact(row.kind, row.value, defaultCountry);
  return result.ok ? undefined : result.reason;
}

export function rowsToInput(rows: ContactRow[]): ContactPointInput[] {
  return rows.map((r) => ({
    kind: r.kind,
    value: r.value.trim(),
    ...(r.label.trim() ? { label: r.label.trim() } : {}),
    isPrimary: r.isPrimary,
  }));
}
