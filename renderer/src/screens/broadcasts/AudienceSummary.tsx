/** The live recipient count with who is excluded by which rule. */
import { Callout, H5, HTMLTable, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import type { CallError } from '../../../../shared/ipc/result';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { describeChannels, excludedTotal, heldTotal, recipients, type AudienceCount, type ExclusionLine } from './broadcast-model';

function Lines({ lines, testId }: { lines: ExclusionLine[]; testId: string }) {
  return (
    <HTMLTable compact className="fd-gap-bottom" data-testid={testId}>
      <tbody>
        {lines.map((l) => (
          <tr key={l.reason} data-testid={`${testId}-${l.reason}`}>
            <td>{l.label}</td>
            <td style={{ textAlign: 'right' }}>
              <strong>{l.count}</strong>
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

export function AudienceSummary({ count, loading, error }: { count: AudienceCount | undefined; loading: boolean; error: CallError | undefined }) {
  if (!count) {
    if (error) return <ErrorCallout error={error} title="The audience could not be counted" testId="audience-error" />;
    return <NonIdealState icon={<Spinner size={24} />} title="Counting recipients…" />;
  }
  const n = recipients(count);
  return (
    <aside data-testid="audience-summary" style={{ opacity: loading ? 0.6 : 1 }}>
      <ErrorCallout error={error} title="The count could not be refreshed" />
      <H5>
        <span data-testid="audience-recipients">{n}</span> {n === 1 ? 'recipient' : 'recipients'}
        {loading && <Spinner size={14} className="fd-inline-spinner" />}
      </H5>
      <p className="fd-muted">
        {count.matched} {count.matched === 1 ? 'patient matches' : 'patients match'} the audience
        {count.hasBreakdown && ` · ${describeChannels(count.byChannel)}`}
      </p>
      {!count.hasBreakdown && count.matched > 0 && (
        <Callout intent={Intent.WARNING} icon="info-sign" className="fd-gap-bottom" data-testid="audience-no-breakdown">
          For audiences this large the core reports only how many patients match. Opt-outs, suppressions, missing contact points and quiet hours are
          applied when the broadcast is sent, and show in its progress.
        </Callout>
      )}
      {count.matched === 0 && <Callout intent={Intent.WARNING}>No patient matches this audience. Loosen a rule.</Callout>}
      {count.filteredBy.length > 0 && (
        <>
          <div className="fd-muted">Left out by the audience rules</div>
          <Lines lines={count.filteredBy} testId="audience-filtered" />
        </>
      )}
      {heldTotal(count) > 0 && (
        <>
          <div className="fd-muted">
            Held, sent later <Tag minimal>{heldTotal(count)}</Tag>
          </div>
          <Lines lines={count.held} testId="audience-held" />
        </>
      )}
      {excludedTotal(count) > 0 && (
        <>
          <div className="fd-muted">
            Excluded <Tag minimal intent={Intent.WARNING}>{excludedTotal(count)}</Tag>
          </div>
          <Lines lines={count.excluded} testId="audience-excluded" />
        </>
      )}
    </aside>
  );
}
