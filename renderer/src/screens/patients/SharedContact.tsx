/**
 * Families share a phone: a contact point another patient already has says so ("also Maria
 * Lopez's phone"), in the form as it is typed and in the profile; saving links them into one
 * household with one conversation.
 */
import { Icon } from '@blueprintjs/core';
import type { HouseholdMember } from '../../../../shared/contract/inbox';
import { useQuery } from '../../ipc/useQuery';

function names(people: HouseholdMember[]): string {
  const all = people.map((p) => `${p.firstName} ${p.lastName}`);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1] ?? ''}`;
}

export function alsoText(kind: 'phone' | 'email', people: HouseholdMember[]): string {
  return `also ${names(people)}’s ${kind}`;
}

export function SharedWith({ kind, people }: { kind: 'phone' | 'email'; people: HouseholdMember[] }) {
  if (people.length === 0) return null;
  return (
    <span className="fd-muted" data-testid="contact-shared">
      <Icon icon="people" size={12} /> {alsoText(kind, people)}
    </span>
  );
}

/** As the value is typed: who else has it (nothing until it is a valid phone or email). */
export function SharedContactHint({ kind, value, exceptPatientId }: { kind: 'phone' | 'email'; value: string; exceptPatientId?: number }) {
  const enabled = value.replace(/\s/g, '').length >= 5;
  const owners = useQuery('patients.contactOwners', { kind, value: value.trim() || '-', ...(exceptPatientId ? { exceptPatientId } : {}) }, { enabled });
  if (!enabled || !owners.value || owners.value.owners.length === 0) return null;
  return (
    <span data-testid="contact-owner-hint">
      {alsoText(kind, owners.value.owners)}: saving links them as one household
    </span>
  );
}
