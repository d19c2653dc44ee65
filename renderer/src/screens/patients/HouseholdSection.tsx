/**
 * The patient's household: the patients linked by a shared phone or email, each a link to their
 * profile. They share one conversation (shown under Messages), and opt-outs stay per address.
 */
import { Button, H4 } from '@blueprintjs/core';
import type { PatientDetail } from '../../../../shared/domain';
import { navigate } from '../../navigation/route';

export function HouseholdSection({ patient }: { patient: PatientDetail }) {
  const others = patient.household?.members.filter((m) => m.id !== patient.id) ?? [];
  if (others.length === 0) return null;
  return (
    <section className="fd-section" data-testid="household">
      <H4>Household</H4>
      <p className="fd-muted">Shares a phone or email with these patients: one conversation for all of them; an opt-out applies to the number or address.</p>
      {others.map((m) => (
        <Button key={m.id} variant="minimal" icon="person" text={`${m.firstName} ${m.lastName}`} onClick={() => navigate({ screen: 'patients', patientId: m.id })} data-testid="household-member" />
      ))}
    </section>
  );
}
