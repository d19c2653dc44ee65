/**
 * A picker over all templates with a live preview for this patient (`templates.preview`): ↓/↑
 * move through the list (previewing each), Enter or "Use" puts the rendered text in the
 * composer, where staff can still edit it. (Quick replies have their own picker.)
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, Intent, Menu, MenuItem, NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { nextIndex } from '../../lib/listKeys';
import type { Channel } from '../../../../shared/domain';
import type { CallError } from '../../../../shared/ipc/result';
import { useApi } from '../../ipc/ApiContext';
import { listTemplates, previewTemplate, type TemplateChoice } from './template-choices';

type Loaded = { items: TemplateChoice[] } | { error: CallError } | null;

function useTemplates(category: TemplateChoice['category'] | undefined, enabled = true): Loaded {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded>(null);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    listTemplates(api, category).then(
      (answer) => {
        if (current) setLoaded(answer.ok ? { items: answer.items } : { error: answer.error });
      },
      (failure: unknown) => {
        if (current) setLoaded({ error: { code: 'internal', message: String(failure) } });
      },
    );
    return () => {
      current = false;
    };
  }, [api, category, enabled]);
  return loaded;
}

interface PickerProps {
  isOpen: boolean;
  patientId: number | null;
  channel: Channel;
  onClose(): void;
  onUse(text: string): void;
}

type Preview = { id: number; body: string; subject: string | null; warnings: string[] } | { id: number; error: string };

export function TemplatePickerDialog({ isOpen, patientId, channel, onClose, onUse }: PickerProps) {
  const api = useApi();
  const loaded = useTemplates(undefined, isOpen);
  const [chosen, setChosen] = useState<TemplateChoice | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);

  useEffect(() => {
    if (!chosen) return;
    let current = true;
    previewTemplate(api, { templateId: chosen.id, patientId, channel }).then(
      (answer) => {
        if (current) setPreview(answer.ok ? { id: chosen.id, body: answer.body, subject: answer.subject, warnings: answer.warnings } : { id: chosen.id, error: answer.error.message });
      },
      (failure: unknown) => {
        if (current) setPreview({ id: chosen.id, error: String(failure) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, chosen, patientId, channel]);

  const items = loaded && 'items' in loaded ? loaded.items.filter((t) => t.channels.includes(channel)) : [];
  const shown = preview && chosen && preview.id === chosen.id ? preview : null;
  const insertChosen = () => {
    if (shown && 'body' in shown) onUse(shown.body);
    onClose();
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const index = chosen ? items.findIndex((t) => t.id === chosen.id) : -1;
    const next = nextIndex(e.key, index, items.length);
    if (next !== null && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setChosen(items[next] ?? null);
    } else if (e.key === 'Enter' && shown && 'body' in shown) {
      e.preventDefault();
      insertChosen();
    }
  };
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Insert a template" icon="document" className="fd-template-dialog">
      <DialogBody>
        {!loaded && <Spinner />}
        {loaded && 'error' in loaded && (
          <NonIdealState
            icon="document"
            title="Templates could not be loaded"
            description={loaded.error.message}
          />
        )}
        {loaded && 'items' in loaded && items.length === 0 && (
          <NonIdealState icon="document" title="No templates for this channel" description="Create one on the Templates screen." />
        )}
        {items.length > 0 && (
          <div className="fd-template-picker">
            <Menu className="fd-template-menu" tabIndex={0} onKeyDown={onListKey} aria-label="Templates (↓ ↑ to preview, Enter to use)" data-testid="template-menu">
              {items.map((t) => (
                <MenuItem key={t.id} text={t.name} label={t.category.replace('_', ' ')} active={chosen?.id === t.id} onClick={() => setChosen(t)} />
              ))}
            </Menu>
            <div className="fd-template-preview" data-testid="template-preview" aria-live="polite">
              {!chosen && <span className={Classes.TEXT_MUTED}>Choose a template to preview it for this patient.</span>}
              {chosen && !shown && <Spinner size={20} />}
              {shown && 'error' in shown && <Callout intent={Intent.DANGER}>No preview: {shown.error}</Callout>}
              {shown && 'body' in shown && (
                <>
                  {shown.subject && <div className="fd-msg-subject">{shown.subject}</div>}
                  <div className="fd-msg-body">{shown.body}</div>
                  {shown.warnings.map((w) => (
                    <Callout key={w} intent={Intent.WARNING} compact className="fd-gap-top">
                      {w}
                    </Callout>
                  ))}
                </>
              )}
            </div>
          </div>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button
              intent={Intent.PRIMARY}
              text="Use"
              disabled={!shown || 'error' in shown}
              onClick={insertChosen}
            />
          </>
        }
      />
    </Dialog>
  );
}
