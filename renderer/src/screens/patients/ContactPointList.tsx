import { Icon, Intent, Tag } from '@blueprintjs/core';
import type { ContactPointView } from '../../../../shared/domain';
import { useClinic } from '../../lib/ClinicContext';
import { formatPhone } from '../../lib/phone-format';
import { SharedWith } from './SharedContact';

const statusIntent = { ok: Intent.SUCCESS, invalid: Intent.DANGER, bouncing: Intent.WARNING } as const;

/** A patient's phones and emails with their status. */
export function ContactPointList({ points }: { points: ContactPointView[] }) {
  const { settings } = useClinic();
  if (points.length === 0) return <p className="fd-muted">No phone or email. Edit the patient to add one.</p>;
  return (
    <ul className="bp6-list-unstyled fd-contact-list" data-testid="contact-point-list">
      {points.map((c) => (
        <li key={c.id} data-testid="contact-point">
          <Icon icon={c.kind === 'phone' ? 'phone' : 'envelope'} className="fd-muted" />
          <span className="fd-contact-value" title={c.value}>
            {c.kind === 'phone' ? formatPhone(c.value, settings.defaultCountry) : c.value}
          </span>
          <span className="fd-muted">{c.label}</span>
          {c.isPrimary && <Tag minimal>primary</Tag>}
          <Tag minimal intent={statusIntent[c.status]} title={c.statusReason ?? undefined}>
            {c.status}
          </Tag>
          <SharedWith kind={c.kind} people={c.sharedWith} />
        </li>
      ))}
    </ul>
  );
}
