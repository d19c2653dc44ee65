/**
 * Quick replies (q, or the composer's button): type to filter, ↓/↑ and Enter to choose. A reply
 * with `[[…]]` values asks for each (a time, a date) before it goes into the composer, rendered
 * for this patient, where staff can still edit it.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent, Menu, MenuItem, NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { Channel } from '../../../../shared/domain';
import { describePlaceholder, fillPlaceholders, findPlaceholders } from '../../../../shared/templates/placeholders';
import { useApi } from '../../ipc/ApiContext';
import { useListKeys } from '../../lib/listKeys';
import { listTemplates, previewTemplate, type TemplateChoice } from './template-choices';

interface Props {
  isOpen: boolean;
  patientId: number | null;
  channel: Channel;
  onClose(): void;
  onInsert(text: string): void;
}

type Loaded = { items: TemplateChoice[] } | { error: string } | null;

export function QuickReplyDialog({ isOpen, patientId, channel, onClose, onInsert }: Props) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [filter, setFilter] = useState('');
  const [filling, setFilling] = useState<{ name: string; text: string; values: Record<string, string> } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!isOpen) return;
    let current = true;
    listTemplates(api, 'quick_reply').then(
      (answer) => {
        if (current) setLoaded(answer.ok ? { items: answer.items } : { error: answer.error.message });
      },
      (failure: unknown) => {
        if (current) setLoaded({ error: String(failure) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, isOpen]);

  const words = filter.trim().toLowerCase();
  const items = loaded && 'items' in loaded ? loaded.items.filter((t) => t.channels.includes(channel) && (!words || t.name.toLowerCase().includes(words))) : [];

  const close = () => {
    setFilter('');
    setFilling(null);
    setError(null);
    onClose();
  };
  const finish = (text: string) => {
    onInsert(text);
    close();
  };
  const choose = async (t: TemplateChoice) => {
    const preview = await previewTemplate(api, { templateId: t.id, patientId, channel });
    if (!preview.ok) {
      setError(preview.error.message);
      return;
    }
    const labels = findPlaceholders(preview.body);
    if (labels.length === 0) finish(preview.body);
    else setFilling({ name: t.name, text: preview.body, values: Object.fromEntries(labels.map((l) => [l, ''])) });
  };
  const keys = useListKeys(items, (t) => void choose(t));

  const labels = filling ? Object.keys(filling.values) : [];
  const complete = filling !== null && labels.every((l) => (filling.values[l] ?? '').trim() !== '');
  const insertFilled = () => {
    if (filling && complete) finish(fillPlaceholders(filling.text, filling.values));
  };

  return (
    <Dialog isOpen={isOpen} onClose={close} title={filling ? `Quick reply: ${filling.name}` : 'Quick reply'} icon="lightning" className="fd-quick-dialog">
      <DialogBody>
        {!filling && (
          <>
            <InputGroup
              autoFocus
              leftIcon="filter"
              placeholder="Filter quick replies — ↓ ↑ to choose, Enter to insert"
              aria-label="Filter quick replies"
              value={filter}
              onValueChange={(v) => {
                setFilter(v);
                keys.setActive(0);
              }}
              onKeyDown={keys.onKeyDown}
              data-testid="quick-filter"
            />
            {!loaded && <Spinner size={20} />}
            {loaded && 'error' in loaded && <Callout intent={Intent.DANGER}>Quick replies could not be loaded: {loaded.error}</Callout>}
            {loaded && 'items' in loaded && items.length === 0 && (
              <NonIdealState icon="lightning" title={words ? 'No quick reply matches' : 'No quick replies for this channel'} description="Managers add and edit them on the Templates screen (category: quick reply)." />
            )}
            {items.length > 0 && (
              <Menu className="fd-quick-menu" aria-label="Quick replies">
                {items.map((t, i) => (
                  <MenuItem key={t.id} text={t.name} active={i === keys.active} onClick={() => void choose(t)} data-testid="quick-item" />
                ))}
              </Menu>
            )}
          </>
        )}
        {filling && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              insertFilled();
            }}
            data-testid="quick-fill"
          >
            <p className={Classes.TEXT_MUTED}>Fill in the details; Enter inserts the reply.</p>
            {labels.map((label, i) => {
              const { name, example } = describePlaceholder(label);
              return (
                <FormGroup key={label} label={name[0]?.toUpperCase() + name.slice(1)} labelFor={`quick-value-${i}`} helperText={example ? `e.g. ${example}` : undefined}>
                  <InputGroup
                    id={`quick-value-${i}`}
                    autoFocus={i === 0}
                    value={filling.values[label] ?? ''}
                    onValueChange={(v) => setFilling({ ...filling, values: { ...filling.values, [label]: v } })}
                    data-testid="quick-value"
                  />
                </FormGroup>
              );
            })}
            <div className="fd-msg-body fd-quick-preview" data-testid="quick-preview" aria-live="polite">
              {fillPlaceholders(filling.text, Object.fromEntries(Object.entries(filling.values).filter(([, v]) => v.trim() !== '')))}
            </div>
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </form>
        )}
        {error && <Callout intent={Intent.DANGER}>{error}</Callout>}
      </DialogBody>
      {filling && (
        <DialogFooter
          actions={
            <>
              <Button text="Back" onClick={() => setFilling(null)} />
              <Button intent={Intent.PRIMARY} text="Insert" disabled={!complete} onClick={insertFilled} data-testid="quick-insert" />
            </>
          }
        />
      )}
    </Dialog>
  );
}
