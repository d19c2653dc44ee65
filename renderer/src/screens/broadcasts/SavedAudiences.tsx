/** Reuse an audience saved earlier, or save the current one under a name (the same name replaces it). */
import { Button, ControlGroup, FormGroup, HTMLSelect, InputGroup } from '@blueprintjs/core';
import { useState } from 'react';
import { useApi } from '../../ipc/ApiContext';
import { ErrorCallout } from '../../forms/ErrorCallout';
import type { CallError } from '../../../../shared/ipc/result';
import type { AudienceFilter } from './broadcast-model';
import { fromWireAudience, toWireAudience, useSavedAudiences } from './broadcast-calls';

export function SavedAudiences({ value, onLoad }: { value: AudienceFilter; onLoad(filter: AudienceFilter): void }) {
  const api = useApi();
  const saved = useSavedAudiences();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.call('broadcasts.saveAudience', { name: name.trim(), audience: toWireAudience(value, Date.now()) });
      if (!result.ok) setError(result.error);
      else {
        setName('');
        saved.reload();
      }
    } finally {
      setBusy(false);
    }
  };
  const list = saved.value ?? [];
  return (
    <FormGroup label="Saved audiences" helperText="Load one to start from it, or save this audience for next time.">
      <ControlGroup fill>
        <HTMLSelect
          value=""
          onChange={(e) => {
            const picked = list.find((a) => String(a.id) === e.currentTarget.value);
            if (picked) onLoad(fromWireAudience(picked.audience, Date.now()));
          }}
          disabled={list.length === 0}
          aria-label="Load a saved audience"
          data-testid="audience-saved"
        >
          <option value="">{list.length ? 'Load a saved audience…' : 'None saved yet'}</option>
          {list.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </HTMLSelect>
        <InputGroup value={name} onValueChange={setName} placeholder="Name to save as" aria-label="Save the audience as" data-testid="audience-save-name" />
        <Button icon="floppy-disk" text="Save" disabled={!name.trim()} loading={busy} onClick={() => void save()} data-testid="audience-save" />
      </ControlGroup>
      <ErrorCallout error={error} title="The audience was not saved" />
    </FormGroup>
  );
}
