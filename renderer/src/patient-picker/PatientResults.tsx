/** The search results: one focusable row per patient; arrow keys move between rows. */
import { Tag } from '@blueprintjs/core';
import type { KeyboardEvent } from 'react';
import type { PatientSummary } from '../../../shared/domain';
import { useClinic } from '../lib/ClinicContext';
import { formatPhone } from '../lib/phone-format';
import { formatCalendarDate } from '../../../shared/datetime';
import { useWhere } from '../lib/useWhere';

export function PatientResults({ items, total, onOpen, onUpFromFirst }: { items: PatientSummary[]; total: number; onOpen(id: number): void; onUpFromFirst?(): void }) {
  const { settings } = useClinic();
  const { locale } = useWhere();
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const row = event.currentTarget.closest('li');
    if (event.key === 'ArrowDown') row?.nextElementSibling?.querySelector('button')?.focus();
    else if (event.key === 'ArrowUp') {
      const previous = row?.previousElementSibling?.querySelector('button');
      if (previous) previous.focus();
      else onUpFromFirst?.();
    }
    else return;
    event.preventDefault();
  };
  return (
    <div className="fd-result-list">
      <p className="fd-muted" data-testid="patient-count">
        {total > items.length ? `Showing ${items.length} of ${total} patients; refine the search to see the rest.` : `${total} ${total === 1 ? 'patient' : 'patients'}`}
      </p>
      <ul className="bp6-list-unstyled" data-testid="patient-results">
        {items.map((p) => (
          <li key={p.id}>
            <button type="button" className="fd-result" onClick={() => onOpen(p.id)} onKeyDown={onKeyDown} data-testid="patient-result">
              <span className="fd-result-name">
                {p.lastName}, {p.firstName}
              </span>
              <span className="fd-result-meta">{p.dateOfBirth ? formatCalendarDate(p.dateOfBirth, locale) : '—'}</span>
              <span className="fd-result-meta">{p.primaryPhone ? formatPhone(p.primaryPhone, settings.defaultCountry) : (p.primaryEmail ?? 'no contact')}</span>
              <span className="fd-result-meta">{p.externalId ? `#${p.externalId}` : ''}</span>
              {p.archived && <Tag minimal>archived</Tag>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
