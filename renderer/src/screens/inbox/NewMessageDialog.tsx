/**
 * "New message" (c): find a patient by name, phone or email, move with ↓/↑, Enter to choose;
 * the inbox then opens a composer for that patient's conversation.
 */
import { Callout, Classes, Dialog, DialogBody, InputGroup, Intent, Menu, MenuItem, NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { PatientSummary } from '../../../../shared/domain';
import { useQuery } from '../../ipc/useQuery';

interface Props {
  isOpen: boolean;
  onClose(): void;
  onPick(patient: PatientSummary): void;
}

export function NewMessageDialog({ isOpen, onClose, onPick }: Props) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery('patients.search', { query, limit: 8 }, { enabled: isOpen && query.length > 0 });
  const items = query ? (results.value?.items ?? []) : [];
  const active = Math.min(index, Math.max(0, items.length - 1));

  const pick = (patient: PatientSummary | undefined) => {
    if (!patient) return;
    onPick(patient);
    setText('');
    setQuery('');
    setIndex(0);
  };

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="New message" icon="new-text-box" className="fd-new-message">
      <DialogBody>
        <InputGroup
          autoFocus
          leftIcon="search"
          placeholder="Patient name, phone or email"
          aria-label="Find a patient"
          value={text}
          data-testid="new-message-search"
          onChange={(e) => {
            setText(e.currentTarget.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setIndex((i) => Math.min(items.length - 1, i + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setIndex((i) => Math.max(0, i - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              pick(items[active]);
            }
          }}
        />
        <div className="fd-new-message-results">
          {query && results.loading && items.length === 0 && <Spinner size={20} />}
          {results.error && <Callout intent={Intent.DANGER}>{results.error.message}</Callout>}
          {query && !results.loading && items.length === 0 && !results.error && <NonIdealState icon="search" title="No patient matches" />}
          {!query && <p className={Classes.TEXT_MUTED}>Type to find a patient; ↓ ↑ to choose, Enter to write.</p>}
          {items.length > 0 && (
            <Menu>
              {items.map((p, i) => (
                <MenuItem
                  key={p.id}
                  active={i === active}
                  text={`${p.firstName} ${p.lastName}`}
                  label={p.primaryPhone ?? p.primaryEmail ?? 'no contact'}
                  onClick={() => pick(p)}
                  data-testid="new-message-result"
                />
              ))}
            </Menu>
          )}
        </div>
      </DialogBody>
    </Dialog>
  );
}
