/** Find and choose a patient (e.g. to book from the day view): type, arrow down, Enter. */
import { Dialog, DialogBody, InputGroup, NonIdealState, Spinner } from '@blueprintjs/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { PatientSummary } from '../../../shared/domain';
import { useQuery } from '../ipc/useQuery';
import { useDebounced } from '../lib/useDebounced';
import { ErrorCallout } from '../forms/ErrorCallout';
import { PatientResults } from './PatientResults';

export function PatientPickerDialog({ title, onPick, onClose }: { title: string; onPick(patient: PatientSummary): void; onClose(): void }) {
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 200);
  const results = useQuery('patients.search', { query, limit: 20 });
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const items = results.value?.items ?? [];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'Enter') return;
    const first = listRef.current?.querySelector<HTMLButtonElement>('button');
    if (!first) return;
    event.preventDefault();
    if (event.key === 'Enter' && items.length === 1) first.click();
    else first.focus();
  };

  return (
    <Dialog isOpen onClose={onClose} title={title} icon="search" className="fd-dialog-wide">
      <DialogBody>
        <div data-testid="patient-picker">
          <InputGroup
            autoFocus
            inputRef={searchRef}
            large
            leftIcon="search"
            placeholder="Name, phone, email or external id"
            aria-label="Find a patient"
            value={text}
            onValueChange={setText}
            onKeyDown={onKeyDown}
            rightElement={results.loading ? <Spinner size={16} /> : undefined}
            data-testid="patient-picker-search"
          />
          <ErrorCallout error={results.error} title="The search failed" />
          {results.value && items.length === 0 && !results.loading && <NonIdealState icon="search" title={query ? `No patient matches “${query}”` : 'No patients yet'} />}
          {items.length > 0 && (
            <div ref={listRef}>
              <PatientResults
                items={items}
                total={results.value?.total ?? items.length}
                onUpFromFirst={() => searchRef.current?.focus()}
                onOpen={(id) => {
                  const picked = items.find((p) => p.id === id);
                  if (picked) onPick(picked);
                }}
              />
            </div>
          )}
        </div>
      </DialogBody>
    </Dialog>
  );
}
