/** Find patients by name, phone, email or external id; open one, or create a new one. */
import { Button, Checkbox, H2, InputGroup, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from '../../ipc/useQuery';
import { useDebounced } from '../../lib/useDebounced';
import { useScreenHotkeys } from '../../lib/useScreenHotkeys';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { navigate } from '../../navigation/route';
import { PatientResults } from '../../patient-picker/PatientResults';
import { PatientFormDialog } from './PatientFormDialog';

const PAGE = 100;

export function PatientSearch() {
  const [text, setText] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const query = useDebounced(text.trim(), 200);
  const results = useQuery('patients.search', { query, includeArchived, limit: PAGE }, { refreshOn: ['patients.changed'] });
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useScreenHotkeys('Patients', [
    { combo: '/', label: 'Search patients', run: () => searchRef.current?.focus() },
    { combo: 'n', label: 'New patient', run: () => setCreating(true) },
  ]);

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      const first = listRef.current?.querySelector<HTMLButtonElement>('button');
      if (first) {
        event.preventDefault();
        if (event.key === 'Enter' && results.value?.items.length === 1) first.click();
        else first.focus();
      }
    }
  };

  return (
    <div className="fd-screen" data-testid="screen-patients">
      <div className="fd-screen-header">
        <H2>Patients</H2>
        <Button icon="calendar" text="Today’s appointments" onClick={() => navigate({ screen: 'appointments' })} data-testid="open-day-view" />
        <Button icon="new-person" intent={Intent.PRIMARY} text="New patient" title="New patient (n)" onClick={() => setCreating(true)} data-testid="new-patient" />
      </div>
      <InputGroup
        type="search"
        leftIcon="search"
        large
        inputRef={searchRef}
        placeholder="Search by name, phone, email or external id  ( / )"
        aria-label="Search patients"
        value={text}
        onValueChange={setText}
        onKeyDown={onSearchKeyDown}
        rightElement={results.loading ? <Spinner size={16} className="fd-input-spinner" /> : undefined}
        data-testid="patient-search"
      />
      <Checkbox className="fd-gap-top" label="Include archived patients" checked={includeArchived} onChange={(e) => setIncludeArchived(e.currentTarget.checked)} data-testid="include-archived" />
      <ErrorCallout error={results.error} title="The search failed" />
      {!results.value && results.loading && <NonIdealState icon={<Spinner />} title="Searching…" />}
      {results.value && results.value.items.length === 0 && !results.loading && (
        <NonIdealState
          icon="search"
          title={query ? `No patient matches “${query}”` : 'No patients yet'}
          description={query ? 'Check the spelling, or search by phone number or external id.' : 'Create the first patient with “New patient”.'}
          action={<Button icon="new-person" text="New patient" onClick={() => setCreating(true)} />}
        />
      )}
      {results.value && results.value.items.length > 0 && (
        <div ref={listRef}>
          <PatientResults items={results.value.items} total={results.value.total} onOpen={(id) => navigate({ screen: 'patients', patientId: id })} onUpFromFirst={() => searchRef.current?.focus()} />
        </div>
      )}
      {creating && (
        <PatientFormDialog
          onClose={() => setCreating(false)}
          onSaved={(patient) => {
            setCreating(false);
            navigate({ screen: 'patients', patientId: patient.id });
          }}
        />
      )}
    </div>
  );
}
