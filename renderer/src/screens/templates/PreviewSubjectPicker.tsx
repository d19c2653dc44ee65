/** Chooses the patient (by search) and one of their appointments for the live preview. */
import { Button, FormGroup, HTMLSelect, InputGroup, Menu, MenuItem, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import { useQuery } from '../../ipc/useQuery';
import { useDebounced } from '../../lib/useDebounced';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { useListKeys } from '../../lib/listKeys';

export interface PreviewSubject {
  patientId: number;
  patientName: string;
  appointmentId: number | null;
}

export function PreviewSubjectPicker({ subject, onChange }: { subject: PreviewSubject | null; onChange(subject: PreviewSubject | null): void }) {
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 200);
  const where = useWhere();
  const search = useQuery('patients.search', { query, limit: 8 }, { enabled: subject === null && query.length > 0 });
  const patient = useQuery('patients.get', { id: subject?.patientId ?? 1 }, { enabled: subject !== null });
  const found = query && search.value ? search.value.items : [];
  const choose = (p: (typeof found)[number]) => {
    setText('');
    onChange({ patientId: p.id, patientName: `${p.firstName} ${p.lastName}`, appointmentId: null });
  };
  const keys = useListKeys(found, choose);

  if (subject) {
    const appointments = patient.value?.id === subject.patientId ? patient.value.appointments : [];
    return (
      <div data-testid="preview-subject">
        <div className="fd-row fd-gap-bottom">
          <strong data-testid="preview-patient-name">{subject.patientName}</strong>
          <Button size="small" variant="minimal" icon="cross" text="Change patient" onClick={() => onChange(null)} data-testid="preview-change-patient" />
        </div>
        <FormGroup label="Appointment" labelFor="preview-appointment">
          {patient.loading && !patient.value ? (
            <Spinner size={16} />
          ) : (
            <HTMLSelect
              id="preview-appointment"
              fill
              value={subject.appointmentId ?? ''}
              onChange={(e) => onChange({ ...subject, appointmentId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
              data-testid="preview-appointment"
            >
              <option value="">No appointment</option>
              {appointments.map((a) => (
                <option key={a.id} value={a.id}>
                  {formatDateTime(a.startsAt, where)} · {a.clinician} ({a.status})
                </option>
              ))}
            </HTMLSelect>
          )}
        </FormGroup>
        <ErrorCallout error={patient.error} title="The patient could not be loaded" />
      </div>
    );
  }

  return (
    <div data-testid="preview-subject-picker">
      <InputGroup
        type="search"
        leftIcon="search"
        placeholder="Preview for a patient: search by name or phone (↓ ↑ Enter)"
        aria-label="Preview for a patient"
        value={text}
        onValueChange={(value) => {
          setText(value);
          keys.setActive(0);
        }}
        onKeyDown={keys.onKeyDown}
        rightElement={search.loading ? <Spinner size={16} /> : undefined}
        data-testid="preview-patient-search"
      />
      <ErrorCallout error={search.error} title="The search failed" />
      {query && search.value && search.value.items.length === 0 && !search.loading && <p className="fd-muted">No patient matches “{query}”.</p>}
      {query && search.value && search.value.items.length > 0 && (
        <Menu data-testid="preview-patient-results">
          {found.map((p, i) => (
            <MenuItem
              key={p.id}
              active={i === keys.active}
              text={`${p.lastName}, ${p.firstName}`}
              label={p.dateOfBirth ?? ''}
              onClick={() => choose(p)}
              data-testid="preview-patient-result"
            />
          ))}
        </Menu>
      )}
    </div>
  );
}
