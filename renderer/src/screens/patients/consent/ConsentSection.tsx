/** "Consent & preferences" in the patient profile: grid, suppression notices, preferences, history. */
import { Callout, FormGroup, H4, H5, InputGroup, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import { useQuery } from '../../../ipc/useQuery';
import { useSubmit } from '../../../ipc/useSubmit';
import { ErrorCallout } from '../../../forms/ErrorCallout';
import { useClinic } from '../../../lib/ClinicContext';
import { useWhere } from '../../../lib/useWhere';
import type { Channel, Purpose } from '../../../../../shared/domain';
import { ConsentGrid } from './ConsentGrid';
import { ConsentHistory } from './ConsentHistory';
import { PreferencesEditor } from './PreferencesEditor';
import { suppressionNotice } from './consent-text';
import './consent.css';

export function ConsentSection({ patientId }: { patientId: number }) {
  const { settings } = useClinic();
  const where = useWhere();
  const consent = useQuery('consent.get', { patientId }, { refreshOn: ['patients.changed', 'message.created'] });
  const setConsent = useSubmit('consent.set');
  const savePrefs = useSubmit('preferences.update');
  const [note, setNote] = useState('');

  const change = async (channel: Channel, purpose: Purpose, status: 'opted_in' | 'opted_out') => {
    const trimmed = note.trim();
    const result = await setConsent.submit({ patientId, channel, purpose, status, ...(trimmed ? { note: trimmed } : {}) });
    if (result.ok) {
      setNote('');
      consent.reload();
    }
  };

  let body;
  if (!consent.value) {
    body = consent.error ? (
      <ErrorCallout error={consent.error} title="Consent could not be loaded" testId="consent-error" />
    ) : (
      <NonIdealState icon={<Spinner size={20} />} title="Loading consent…" data-testid="consent-loading" />
    );
  } else {
    const view = consent.value;
    body = (
      <>
        <ErrorCallout error={consent.error} title="The latest consent could not be loaded" testId="consent-error" />
        {view.suppressions.map((s) => (
          <Callout key={s.id} intent={s.patientMustOptIn ? Intent.WARNING : Intent.DANGER} className="fd-callout" data-testid="suppression-notice" data-reason={s.reason}>
            {suppressionNotice(s, where)}
            {s.patientMustOptIn ? '. Staff cannot switch it back on.' : ''}
          </Callout>
        ))}
        <ErrorCallout error={setConsent.error} title="The consent change was not saved" testId="consent-set-error" />
        <FormGroup label="Note for the next change" labelInfo="(optional)" labelFor="consent-note" className="fd-consent-note">
          <InputGroup id="consent-note" value={note} maxLength={500} placeholder="e.g. Asked at the front desk" onChange={(e) => setNote(e.currentTarget.value)} data-testid="consent-note" />
        </FormGroup>
        <ConsentGrid cells={view.cells} suppressions={view.suppressions} busy={setConsent.submitting} onChange={(c, p, s) => void change(c, p, s)} />
        <H5>Preferences</H5>
        <ErrorCallout error={savePrefs.error} title="The preferences were not saved" testId="preferences-error" />
        <PreferencesEditor
          key={JSON.stringify(view.preferences)}
          preferences={view.preferences}
          clinicQuietHours={settings.quietHours}
          saving={savePrefs.submitting}
          onSave={(changes) =>
            void savePrefs.submit({ patientId, ...changes }).then((r) => {
              if (r.ok) consent.reload();
            })
          }
        />
        <H5>Consent history</H5>
        <ConsentHistory history={view.history} where={where} />
      </>
    );
  }
  return (
    <section className="fd-section" data-testid="consent-section">
      <H4>Consent &amp; preferences</H4>
      {body}
    </section>
  );
}
