/**
 * Import and export. Import is a wizard: choose a file → check the column mapping → check the
 * whole file (a dry run; nothing changes) → read the report → apply (one transaction) or discard.
 * CSV files go through the mapping step; FHIR Bundles (.json) go straight to the check.
 */
import { Button, Callout, FileInput, FormGroup, H2, H4, InputGroup, Intent, ProgressBar, Switch, Tab, Tabs, HTMLSelect } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ImportReport } from '../../../../shared/contract/import';
import type { CallError } from '../../../../shared/ipc/result';
import type { OutputOf } from '../../../../shared/contract';
import type { ColumnMapping, ImportKind } from '../../../../shared/import/fields';
import { mappingProblems } from '../../../../shared/import/fields';
import { useAuth } from '../../auth/AuthContext';
import { useApi } from '../../ipc/ApiContext';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { DryRunReport } from './DryRunReport';
import { ExportPanel } from './ExportPanel';
import { MappingTable } from './MappingTable';
import { WatchedFolderSettings } from './WatchedFolderSettings';
import { newJobId, readFileAsBase64 } from './file-content';

type Step =
  | { step: 'choose' }
  | { step: 'map'; preview: OutputOf<'import.preview'> }
  | { step: 'checking'; jobId: string; back: Step }
  | { step: 'report'; report: ImportReport; back: Step }
  | { step: 'applying'; report: ImportReport }
  | { step: 'done'; report: ImportReport };

function ImportWizard() {
  const api = useApi();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [source, setSource] = useState('practice-system');
  const [state, setState] = useState<Step>({ step: 'choose' });
  const [kind, setKind] = useState<ImportKind>('patients');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [cancelAbsent, setCancelAbsent] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  const jobId = state.step === 'checking' ? state.jobId : state.step === 'report' || state.step === 'applying' ? state.report.jobId : null;

  useEffect(() => {
    if (!jobId) return;
    return api.on('import.progress', (p) => {
      if (p.jobId === jobId) setProgress({ phase: p.phase, done: p.done, total: p.total });
    });
  }, [api, jobId]);

  const isFhir = !!file && /\.json$/i.test(file.name);

  const choose = async (picked: File | undefined) => {
    setError(undefined);
    if (!picked) return;
    setFile({ name: picked.name, base64: await readFileAsBase64(picked) });
    setState({ step: 'choose' });
  };

  const preview = async () => {
    if (!file) return;
    setError(undefined);
    const result = await api.call('import.preview', { content: { base64: file.base64 }, source: source.trim() });
    if (!result.ok) return setError(result.error);
    setKind(result.value.kind);
    setMapping(result.value.mapping);
    setState({ step: 'map', preview: result.value });
  };

  const check = async () => {
    if (!file) return;
    const id = newJobId();
    const back = state;
    setError(undefined);
    setProgress(null);
    setState({ step: 'checking', jobId: id, back });
    const options = { cancelAbsent };
    const result = isFhir
      ? await api.call('import.fhirDryRun', { jobId: id, content: { base64: file.base64 }, source: source.trim(), options })
      : mapping
        ? await api.call('import.dryRun', { jobId: id, content: { base64: file.base64 }, source: source.trim(), kind, mapping, options })
        : null;
    if (!result) return;
    if (!result.ok) {
      setError(result.error);
      setState(back);
      return;
    }
    setState({ step: 'report', report: result.value, back });
  };

  const cancel = async () => {
    if (jobId) await api.call('import.cancel', { jobId });
    if (state.step === 'report' || state.step === 'checking') setState(state.back);
  };

  const apply = async () => {
    if (state.step !== 'report') return;
    const report = state.report;
    setState({ step: 'applying', report });
    const result = await api.call('import.apply', { jobId: report.jobId });
    if (!result.ok) {
      setError(result.error);
      setState({ step: 'choose' });
      return;
    }
    setState({ step: 'done', report: result.value });
  };

  const problems = mapping ? mappingProblems(mapping, kind) : [];
  const percent = progress && progress.total > 0 ? progress.done / progress.total : undefined;

  return (
    <div className="fd-section" data-testid="import-wizard">
      <div className="fd-row">
        <FormGroup label="File (CSV, or FHIR Bundle .json)">
          <FileInput
            text={file?.name ?? 'Choose a file…'}
            inputProps={{ accept: '.csv,.txt,.tsv,.json', 'data-testid': 'import-file' } as React.InputHTMLAttributes<HTMLInputElement>}
            onInputChange={(e) => void choose(e.currentTarget.files?.[0])}
          />
        </FormGroup>
        <FormGroup label="Source system (its column mapping is remembered)">
          <InputGroup value={source} onValueChange={setSource} aria-label="Source system" data-testid="import-source" />
        </FormGroup>
      </div>
      {state.step === 'choose' && file && (
        <Button intent={Intent.PRIMARY} onClick={() => void (isFhir ? check() : preview())} disabled={source.trim() === ''} data-testid="import-next">
          {isFhir ? 'Check the file' : 'Next: columns'}
        </Button>
      )}

      {state.step === 'map' && mapping && (
        <div className="fd-gap-top">
          <p data-testid="import-detected">
            Read as {state.preview.encoding === 'windows-1252' ? 'Windows-1252' : 'UTF-8'}, {state.preview.separator === '\t' ? 'tab' : state.preview.separator === ';' ? 'semicolon' : 'comma'}-separated.{' '}
            {state.preview.mappingFrom === 'saved' ? 'Using the columns saved for this source.' : 'Columns guessed from the headers; check them.'}
            {state.preview.invalidCharacters > 0 && ' Some rows hold characters that are not UTF-8; they will be listed as rejected.'}
          </p>
          <FormGroup label="This file holds" inline>
            <HTMLSelect value={kind} onChange={(e) => setKind(e.currentTarget.value as ImportKind)} data-testid="import-kind">
              <option value="patients">Patients</option>
              <option value="appointments">Appointments</option>
              <option value="combined">Appointments with patient details</option>
            </HTMLSelect>
          </FormGroup>
          <MappingTable headers={state.preview.headers} rows={state.preview.rows} kind={kind} mapping={mapping} onChange={setMapping} />
          {kind !== 'patients' && (
            <Switch checked={cancelAbsent} onChange={(e) => setCancelAbsent(e.currentTarget.checked)} label="This is a full-day export: cancel appointments missing from it on the days it covers" />
          )}
          {problems.length > 0 && (
            <Callout intent={Intent.WARNING} className="fd-callout">
              {problems.join('. ')}.
            </Callout>
          )}
          <Button intent={Intent.PRIMARY} onClick={() => void check()} disabled={problems.length > 0} data-testid="import-check">
            Check the whole file
          </Button>
        </div>
      )}

      {state.step === 'checking' && (
        <div className="fd-gap-top" data-testid="import-checking">
          <p>Checking… {progress ? `${progress.phase} ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : ''}</p>
          <ProgressBar value={percent} intent={Intent.PRIMARY} />
          <Button className="fd-gap-top" onClick={() => void cancel()} data-testid="import-cancel">
            Cancel
          </Button>
        </div>
      )}

      {(state.step === 'report' || state.step === 'applying') && (
        <div className="fd-gap-top">
          <DryRunReport report={state.report} />
          <Button intent={Intent.PRIMARY} onClick={() => void apply()} loading={state.step === 'applying'} data-testid="import-apply">
            Import the valid rows
          </Button>{' '}
          <Button onClick={() => void cancel()} disabled={state.step === 'applying'} data-testid="import-discard">
            Discard
          </Button>
        </div>
      )}

      {state.step === 'done' && (
        <div className="fd-gap-top">
          <DryRunReport report={state.report} />
          <Button onClick={() => setState({ step: 'choose' })} data-testid="import-another">
            Import another file
          </Button>
        </div>
      )}
      <ErrorCallout error={error} testId="import-error" />
    </div>
  );
}

export function ImportScreen() {
  const { staff } = useAuth();
  const [tab, setTab] = useState<'import' | 'export' | 'watched'>('import');
  const canImport = staff.role === 'manager' || staff.role === 'admin';
  return (
    <div className="fd-screen" data-testid="screen-import">
      <div className="fd-screen-header">
        <H2>Import and export</H2>
      </div>
      {!canImport ? (
        <Callout intent={Intent.PRIMARY} className="fd-callout">
          Importing and exporting the whole practice needs a manager. A patient’s own message history can be exported from their profile.
        </Callout>
      ) : (
        <Tabs id="import-tabs" selectedTabId={tab} onChange={(id) => setTab(id as 'import' | 'export' | 'watched')} large>
          <Tab id="import" title="Import" panel={<><H4>Bring your patients and appointments in</H4><ImportWizard /></>} />
          <Tab id="export" title="Export" panel={<ExportPanel />} data-testid="tab-export" />
          <Tab id="watched" title="Watched folder" panel={<WatchedFolderSettings isAdmin={staff.role === 'admin'} />} data-testid="tab-watched" />
        </Tabs>
      )}
    </div>
  );
}
