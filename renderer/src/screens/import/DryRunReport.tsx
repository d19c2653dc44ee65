/** What an import will do (or did): counts, every rejected row with its reason, name + date-of-birth matches. */
import { Callout, HTMLTable, Intent, Tag } from '@blueprintjs/core';
import type { ImportReport } from '../../../../shared/contract/import';

const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (with byte-order mark)',
  'utf-16le': 'UTF-16',
  'windows-1252': 'Windows-1252 (Western European)',
  text: 'text',
};
const SEPARATOR_LABELS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

export function DryRunReport({ report }: { report: ImportReport }) {
  const p = report.patients;
  const a = report.appointments;
  const hasAppointments = report.kind !== 'patients' || a.created + a.moved + a.updated + a.cancelled + a.unchanged + a.skipped > 0;
  return (
    <div data-testid={report.applied ? 'import-result' : 'import-report'}>
      <Callout intent={report.applied ? Intent.SUCCESS : Intent.PRIMARY} className="fd-callout" title={report.applied ? 'Imported' : 'Check complete — nothing has changed yet'}>
        <div data-testid="import-counts">
          {report.rowCount} rows read
          {report.encoding ? ` (${ENCODING_LABELS[report.encoding] ?? report.encoding}` : ''}
          {report.separator ? `, ${SEPARATOR_LABELS[report.separator] ?? report.separator}-separated)` : report.encoding ? ')' : ''}.
          <ul>
            <li>
              Patients: <Tag intent={Intent.SUCCESS} data-testid="count-patients-created">{p.created} new</Tag>{' '}
              <Tag data-testid="count-patients-updated">{p.updated} updated</Tag> <Tag minimal>{p.unchanged} unchanged</Tag>
            </li>
            {hasAppointments && (
              <li>
                Appointments: <Tag intent={Intent.SUCCESS}>{a.created} new</Tag> <Tag>{a.moved} moved</Tag> <Tag>{a.updated} updated</Tag>{' '}
                <Tag intent={Intent.WARNING} data-testid="count-appointments-cancelled">{a.cancelled} cancelled</Tag> <Tag minimal>{a.unchanged} unchanged</Tag>
                {a.skipped > 0 && (
                  <>
                    {' '}
                    <Tag minimal data-testid="count-appointments-skipped" title="Cancelled in the file; Frontdesk never had them, so there is nothing to do">
                      {a.skipped} cancelled at source
                    </Tag>
                  </>
                )}
              </li>
            )}
            <li>
              <Tag intent={report.rejected > 0 ? Intent.DANGER : Intent.NONE} data-testid="count-rejected">
                {report.rejected} rejected
              </Tag>{' '}
              {report.rejected > 0 && 'These rows are skipped; fix them in the source system and import again.'}
            </li>
          </ul>
        </div>
      </Callout>
      {report.rejections.length > 0 && (
        <div className="fd-section" style={{ maxHeight: 320, overflowY: 'auto' }}>
          <HTMLTable className="fd-table" compact striped data-testid="import-rejections">
            <thead>
              <tr>
                <th>Line</th>
                <th>Column</th>
                <th>Value</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {report.rejections.slice(0, 1000).map((r, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td>{r.line}</td>
                  <td>{r.column ?? ''}</td>
                  <td>{r.value ?? ''}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
          {report.rejected > 1000 && <p className="fd-muted">…and {report.rejected - 1000} more.</p>}
        </div>
      )}
      {report.matchedByNameAndDob.length > 0 && (
        <Callout className="fd-callout fd-gap-top" intent={Intent.WARNING} title="Matched by name and date of birth" data-testid="import-name-dob">
          These rows had no patient id Frontdesk knew, so they were matched to an existing patient with the same name and date of birth:{' '}
          {report.matchedByNameAndDob
            .slice(0, 20)
            .map((m) => `line ${m.line} (${m.name})`)
            .join(', ')}
          {report.matchedByNameAndDob.length > 20 ? ` and ${report.matchedByNameAndDob.length - 20} more` : ''}.
        </Callout>
      )}
      {report.warnings.map((w) => (
        <Callout key={w.code} className="fd-callout fd-gap-top" intent={Intent.WARNING} title={w.code === 'past_appointments' ? 'Appointments in the past' : 'Overlapping bookings'} data-testid={`import-warning-${w.code}`}>
          {w.message} They are imported all the same.
          {w.lines.length > 0 && <div className="fd-muted">Lines {w.lines.join(', ')}{w.count > w.lines.length ? ', …' : ''}</div>}
        </Callout>
      ))}
      {report.cancelledAbsent.length > 0 && (
        <Callout className="fd-callout fd-gap-top" intent={Intent.WARNING} title="Missing from the export">
          {report.cancelledAbsent.length} appointment(s) on the days this file covers ({report.coveredDays.join(', ')}) are not in it and will be cancelled;
          their reminders are cancelled too.
        </Callout>
      )}
    </div>
  );
}
