import { Tag } from '@blueprintjs/core';
import type { PatientDetail } from '../../../../shared/domain';
import { LANGUAGES } from './languages';
import { formatCalendarDate } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';

/** Date of birth, external id, language and time zone, as a short definition list. */
export function PatientDetails({ patient }: { patient: PatientDetail }) {
  const { locale } = useWhere();
  const language = LANGUAGES.find((l) => l.value === patient.language)?.label ?? patient.language;
  return (
    <dl className="fd-details" data-testid="patient-details">
      <dt>Date of birth</dt>
      <dd>{patient.dateOfBirth ? formatCalendarDate(patient.dateOfBirth, locale) : '—'}</dd>
      <dt>External id</dt>
      <dd>{patient.externalId ?? '—'}</dd>
      <dt>Language</dt>
      <dd>{language}</dd>
      <dt>Time zone</dt>
      <dd>{patient.timeZone ?? 'The clinic’s'}</dd>
      <dt>Tags</dt>
      <dd data-testid="patient-tags-view">
        {patient.tags.length === 0
          ? '—'
          : patient.tags.map((t) => (
              <Tag key={t} minimal className="fd-tag">
                {t}
              </Tag>
            ))}
      </dd>
    </dl>
  );
}
