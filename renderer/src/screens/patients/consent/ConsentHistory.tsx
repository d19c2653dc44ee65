/** The append-only consent history, newest first: what changed, who or what changed it, when. */
import { HTMLTable } from '@blueprintjs/core';
import type { ConsentHistoryEntry } from '../../../../../shared/contract/consent';
import { CHANNEL_LABELS } from '../../../lib/channels';
import { formatDateTime, type Where } from '../../../../../shared/datetime';
import { PURPOSE_LABELS, SOURCE_LABELS } from './consent-text';

export function ConsentHistory({ history, where }: { history: ConsentHistoryEntry[]; where: Where }) {
  if (history.length === 0) {
    return (
      <p className="fd-muted" data-testid="consent-history-empty">
        No consent changes recorded yet.
      </p>
    );
  }
  return (
    <HTMLTable compact striped data-testid="consent-history">
      <thead>
        <tr>
          <th>When</th>
          <th>Change</th>
          <th>How</th>
          <th>Who</th>
          <th>Note</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.id} data-testid="consent-history-row" data-source={h.source}>
            <td>{formatDateTime(h.at, where)}</td>
            <td>
              {CHANNEL_LABELS[h.channel]} {PURPOSE_LABELS[h.purpose].toLowerCase()}: {h.status === 'opted_in' ? 'opted in' : 'opted out'}
            </td>
            <td data-testid="consent-history-how">{SOURCE_LABELS[h.source]}</td>
            <td data-testid="consent-history-who">{h.actorName ?? (h.source === 'sms_keyword' ? 'The patient' : SOURCE_LABELS[h.source])}</td>
            <td>{h.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
