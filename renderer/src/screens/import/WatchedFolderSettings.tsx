/** The watched folder: where the practice system's nightly export lands, and what came of the last file. */
import { Button, Callout, FormGroup, HTMLSelect, InputGroup, Intent, Switch } from '@blueprintjs/core';
import { useState } from 'react';
import type { ImportKind } from '../../../../shared/import/fields';
import type { ImportSettings, WatchedResult } from '../../../../shared/contract/import';
import { useQuery } from '../../ipc/useQuery';
import { useSubmit } from '../../ipc/useSubmit';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';

export function WatchedFolderSettings({ isAdmin }: { isAdmin: boolean }) {
  const current = useQuery('importSettings.get', {}, { refreshOn: ['import.finished'] });
  const settings = current.value?.settings;
  if (!settings) return <ErrorCallout error={current.error} />;
  // Keyed by the saved settings, so the form starts again from them after a save.
  return <WatchedFolderForm key={JSON.stringify(settings)} isAdmin={isAdmin} settings={settings} last={current.value?.lastWatchedResult ?? null} onSaved={current.reload} />;
}

function WatchedFolderForm({ isAdmin, settings, last, onSaved }: { isAdmin: boolean; settings: ImportSettings; last: WatchedResult | null; onSaved(): void }) {
  const update = useSubmit('importSettings.update');
  const where = useWhere();
  const [folder, setFolder] = useState(settings.watchedFolder ?? '');
  const [source, setSource] = useState(settings.source);
  const [kind, setKind] = useState<ImportKind>(settings.kind);
  const [cancelAbsent, setCancelAbsent] = useState(settings.cancelAbsent);

  const save = async () => {
    const result = await update.submit({ watchedFolder: folder.trim() === '' ? null : folder.trim(), source: source.trim(), kind, cancelAbsent });
    if (result.ok) onSaved();
  };

  return (
    <div className="fd-section" data-testid="watched-folder">
      <p className="fd-muted">
        Files (CSV or FHIR JSON) dropped in this folder are imported with the column mapping saved for the source below, then moved to its
        imported/ or failed/ subfolder. Import one file by hand first so the mapping is saved.
      </p>
      <FormGroup label="Folder (full path; empty turns it off)">
        <InputGroup value={folder} onValueChange={setFolder} disabled={!isAdmin} data-testid="watched-folder-path" />
      </FormGroup>
      <FormGroup label="Source (whose saved mapping to use)">
        <InputGroup value={source} onValueChange={setSource} disabled={!isAdmin} />
      </FormGroup>
      <FormGroup label="The files hold">
        <HTMLSelect value={kind} onChange={(e) => setKind(e.currentTarget.value as ImportKind)} disabled={!isAdmin}>
          <option value="patients">Patients</option>
          <option value="appointments">Appointments</option>
          <option value="combined">Appointments with patient details</option>
        </HTMLSelect>
      </FormGroup>
      <Switch checked={cancelAbsent} onChange={(e) => setCancelAbsent(e.currentTarget.checked)} disabled={!isAdmin} label="Each file is a full-day export: cancel appointments missing from it" />
      {isAdmin ? (
        <Button intent={Intent.PRIMARY} onClick={() => void save()} loading={update.submitting}>
          Save
        </Button>
      ) : (
        <p className="fd-muted">Only an administrator can change the watched folder.</p>
      )}
      <ErrorCallout error={update.error} />
      {last && (
        <Callout className="fd-callout fd-gap-top" intent={last.ok ? Intent.SUCCESS : Intent.DANGER} title={`Last file: ${last.file}`}>
          {formatDateTime(last.at, where)} — {last.message}
        </Callout>
      )}
    </div>
  );
}
