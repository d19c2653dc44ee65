/**
 * The live recipient list beside the count: names (searchable, one page at a time), and for each
 * the channel it goes out on, or the rule that holds or excludes them in plain words.
 */
import { Button, ControlGroup, HTMLSelect, HTMLTable, InputGroup, Intent, Tag } from '@blueprintjs/core';
import type { RecipientLine } from '../../../../shared/contract/broadcast-audience';
import { CHANNEL_NAMES } from './broadcast-model';
import { RECIPIENT_PAGE, type RecipientListQuery } from './broadcast-calls';

interface Props {
  page: { total: number; items: RecipientLine[] } | undefined;
  query: RecipientListQuery;
  onQuery(query: RecipientListQuery): void;
}

function Outcome({ line }: { line: RecipientLine }) {
  if (line.outcome === 'send') return <Tag minimal intent={Intent.SUCCESS}>{line.channel ? `by ${CHANNEL_NAMES[line.channel]}` : 'sent'}</Tag>;
  if (line.outcome === 'hold') return <Tag minimal intent={Intent.WARNING}>held{line.channel ? `, then by ${CHANNEL_NAMES[line.channel]}` : ''}</Tag>;
  return <Tag minimal intent={Intent.DANGER}>excluded</Tag>;
}

export function RecipientList({ page, query, onQuery }: Props) {
  const total = page?.total ?? 0;
  const from = total === 0 ? 0 : query.offset + 1;
  const to = Math.min(total, query.offset + RECIPIENT_PAGE);
  return (
    <section data-testid="recipient-list" aria-label="Recipients">
      <ControlGroup fill className="fd-gap-bottom">
        <InputGroup
          leftIcon="search"
          type="search"
          value={query.search}
          onValueChange={(search) => onQuery({ ...query, search, offset: 0 })}
          placeholder="Search names"
          aria-label="Search recipients"
          data-testid="recipient-search"
        />
        <HTMLSelect
          value={query.outcome ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onQuery({ ...query, outcome: v === 'send' || v === 'hold' || v === 'exclude' ? v : null, offset: 0 });
          }}
          aria-label="Show"
          data-testid="recipient-outcome"
        >
          <option value="">everyone</option>
          <option value="send">sent now</option>
          <option value="hold">held</option>
          <option value="exclude">excluded</option>
        </HTMLSelect>
      </ControlGroup>
      <HTMLTable compact striped className="fd-recipient-table">
        <tbody>
          {page?.items.map((line) => (
            <tr key={line.patientId} data-testid="recipient-row" data-outcome={line.outcome}>
              <td>{line.name}</td>
              <td>
                <Outcome line={line} />
                {line.reasonText && <div className="fd-muted fd-small" data-testid="recipient-reason">{line.reasonText}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      {page && page.items.length === 0 && <p className="fd-muted">Nobody{query.search ? ` named “${query.search}”` : ''} here.</p>}
      <div className="fd-inline-row fd-gap-top">
        <span className="fd-muted" data-testid="recipient-range">
          {from}–{to} of {total}
        </span>
        <Button small icon="chevron-left" aria-label="Previous page" disabled={query.offset === 0} onClick={() => onQuery({ ...query, offset: Math.max(0, query.offset - RECIPIENT_PAGE) })} />
        <Button small icon="chevron-right" aria-label="Next page" disabled={to >= total} onClick={() => onQuery({ ...query, offset: query.offset + RECIPIENT_PAGE })} />
      </div>
    </section>
  );
}
