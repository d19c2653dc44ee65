/** Templates grouped by category, filtered by text and tag. */
import { Button, H6, InputGroup, Intent, Menu, MenuItem, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { CallError } from '../../../../shared/ipc/result';
import { ErrorCallout } from '../../forms/ErrorCallout';
import type { TemplateListItem } from './template-calls';

interface Props {
  items: TemplateListItem[] | undefined;
  loading: boolean;
  error: CallError | undefined;
  selectedId: number | null;
  onSelect(id: number): void;
  onNew(): void;
  onRetry(): void;
}

export function TemplateList({ items, loading, error, selectedId, onSelect, onNew, onRetry }: Props) {
  const [text, setText] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const allTags = useMemo(() => [...new Set((items ?? []).flatMap((t) => t.tags))].sort(), [items]);
  const grouped = useMemo(() => {
    const q = text.trim().toLowerCase();
    const groups = new Map<string, TemplateListItem[]>();
    for (const t of items ?? []) {
      if (tag && !t.tags.includes(tag)) continue;
      if (q && !t.name.toLowerCase().includes(q) && !t.tags.some((x) => x.toLowerCase().includes(q))) continue;
      groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [items, text, tag]);

  return (
    <div className="fd-templates-list" data-testid="template-list">
      <div className="fd-row fd-gap-bottom">
        <InputGroup type="search" leftIcon="search" placeholder="Filter templates" value={text} onValueChange={setText} aria-label="Filter templates" data-testid="template-filter" style={{ flex: 1 }} />
        <Button icon="plus" intent={Intent.PRIMARY} text="New" onClick={onNew} data-testid="template-new" />
      </div>
      {allTags.length > 0 && (
        <div className="fd-row fd-gap-bottom" data-testid="template-tags">
          {allTags.map((t) => (
            <Tag key={t} interactive round minimal={tag !== t} intent={tag === t ? Intent.PRIMARY : Intent.NONE} onClick={() => setTag(tag === t ? null : t)} data-testid={`tag-filter-${t}`}>
              {t}
            </Tag>
          ))}
        </div>
      )}
      {error && (
        <>
          <ErrorCallout error={error} title="Templates could not be loaded" />
          <Button className="fd-gap-top" icon="refresh" text="Try again" onClick={onRetry} />
        </>
      )}
      {!items && loading && <NonIdealState icon={<Spinner size={24} />} title="Loading templates…" />}
      {items && items.length === 0 && (
        <NonIdealState icon="document" title="No templates yet" description="Create the first one: an appointment reminder is a good start." action={<Button icon="plus" text="New template" onClick={onNew} />} />
      )}
      {items && items.length > 0 && grouped.length === 0 && <NonIdealState icon="filter" title="No template matches" />}
      {grouped.map(([category, list]) => (
        <div key={category} data-testid={`template-category-${category}`}>
          <H6 className="fd-templates-category">{category.replace('_', ' ')}</H6>
          <Menu>
            {list.map((t) => (
              <MenuItem
                key={t.id}
                text={t.name}
                label={`v${t.currentVersion}`}
                active={t.id === selectedId}
                onClick={() => onSelect(t.id)}
                data-testid="template-item"
                title={t.tags.length ? `Tags: ${t.tags.join(', ')}` : undefined}
              />
            ))}
          </Menu>
        </div>
      ))}
    </div>
  );
}
