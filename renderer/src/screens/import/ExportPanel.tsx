/** Exports of the clinic's own data (each audited): patients with consent, appointments, messages, a FHIR Bundle. */
import { Button, ButtonGroup } from '@blueprintjs/core';
import { useState } from 'react';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { downloadText } from './file-content';

export function ExportPanel() {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<CallError | undefined>(undefined);

  const run = async (what: 'patients' | 'appointments' | 'messages' | 'fhir') => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'fhir') {
        const result = await api.call('export.fhir', {});
        if (result.ok) downloadText(result.value.fileName, result.value.json, 'application/fhir+json');
        else setError(result.error);
        return;
      }
      const result = what === 'patients' ? await api.call('export.patients', {}) : what === 'appointments' ? await api.call('export.appointments', {}) : await api.call('export.messages', {});
      if (result.ok) downloadText(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8');
      else setError(result.error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="fd-section" data-testid="export-panel">
      <p className="fd-muted">Your data, as files any spreadsheet or practice system can read. Every export is recorded in the audit log.</p>
      <ButtonGroup>
        <Button icon="people" loading={busy === 'patients'} onClick={() => void run('patients')} data-testid="export-patients">
          Patients and consent (CSV)
        </Button>
        <Button icon="calendar" loading={busy === 'appointments'} onClick={() => void run('appointments')} data-testid="export-appointments">
          Appointments (CSV)
        </Button>
        <Button icon="chat" loading={busy === 'messages'} onClick={() => void run('messages')} data-testid="export-messages">
          Message history (CSV)
        </Button>
        <Button icon="export" loading={busy === 'fhir'} onClick={() => void run('fhir')} data-testid="export-fhir">
          FHIR Bundle (JSON)
        </Button>
      </ButtonGroup>
      <ErrorCallout error={error} testId="export-error" />
    </div>
  );
}
