/** Channel × purpose: the recorded state as a tag and a switch that records a staff change. */
import { HTMLTable, Intent, Switch, Tag } from '@blueprintjs/core';
import type { ConsentCell, SuppressionView } from '../../../../../shared/contract/consent';
import { CHANNELS, PURPOSES, type Channel, type Purpose } from '../../../../../shared/domain';
import { CHANNEL_LABELS } from '../../../lib/channels';
import { PURPOSE_LABELS, SOURCE_LABELS, isAllowed, stateLabel } from './consent-text';

export interface ConsentGridProps {
  cells: ConsentCell[];
  suppressions: SuppressionView[];
  busy: boolean;
  onChange(channel: Channel, purpose: Purpose, status: 'opted_in' | 'opted_out'): void;
}

export function ConsentGrid({ cells, suppressions, busy, onChange }: ConsentGridProps) {
  return (
    <HTMLTable compact className="fd-consent-grid" data-testid="consent-grid">
      <thead>
        <tr>
          <th>Channel</th>
          {PURPOSES.map((p) => (
            <th key={p}>{PURPOSE_LABELS[p]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {CHANNELS.map((channel) => {
          const stop = suppressions.find((s) => s.channel === channel && s.patientMustOptIn);
          const suppressed = suppressions.some((s) => s.channel === channel);
          return (
            <tr key={channel} data-testid={`consent-row-${channel}`}>
              <td>
                {CHANNEL_LABELS[channel]}
                {suppressed && (
                  <Tag minimal intent={Intent.DANGER} className="fd-tag" data-testid={`consent-suppressed-${channel}`}>
                    Suppressed
                  </Tag>
                )}
              </td>
              {PURPOSES.map((purpose) => {
                const cell = cells.find((c) => c.channel === channel && c.purpose === purpose);
                if (!cell) return <td key={purpose}>—</td>;
                const allowed = isAllowed(cell);
                const lockedByStop = stop !== undefined && !allowed;
                return (
                  <td key={purpose} data-testid={`consent-cell-${channel}-${purpose}`} data-state={cell.state} data-source={cell.source ?? ''}>
                    <Tag
                      minimal
                      intent={cell.state === 'opted_out' ? Intent.DANGER : cell.state === 'opted_in' ? Intent.SUCCESS : Intent.NONE}
                      data-testid="consent-state"
                      title={cell.source ? `By ${SOURCE_LABELS[cell.source]}` : 'Nothing recorded'}
                    >
                      {stateLabel(cell)}
                      {cell.source ? ` · ${SOURCE_LABELS[cell.source]}` : ''}
                    </Tag>
                    <Switch
                      inline
                      checked={allowed}
                      disabled={busy || lockedByStop}
                      label={allowed ? 'Allowed' : 'Not allowed'}
                      title={lockedByStop ? 'The patient texted STOP: only the patient can opt back in, by texting START.' : undefined}
                      onChange={() => onChange(channel, purpose, allowed ? 'opted_out' : 'opted_in')}
                      data-testid={`consent-switch-${channel}-${purpose}`}
                    />
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </HTMLTable>
  );
}
